namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// What every public service is told about the edge in front of it (docs/contracts.md, "The edge contract
/// every public service gets"). ServiceDefaults honours these keys for .NET services; an image of any other
/// kind reads the same ones. Set by the publisher over anything the manifest says.
/// </summary>
internal static class EdgeContract
{
    /// <summary>ASP.NET Core's switch for X-Forwarded-For and X-Forwarded-Proto, from any sender; other images ignore it.</summary>
    public const string ForwardedHeadersEnabled = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    /// <summary>How many X-Forwarded-For entries, from the right, are proxies of ours: CloudFront and the load balancer.</summary>
    public const string ForwardLimit = "ForwardedHeaders__ForwardLimit";

    /// <summary>Whether CloudFront-Forwarded-Proto says which scheme the viewer used.</summary>
    public const string TrustCloudFrontProto = "ForwardedHeaders__TrustCloudFrontProto";

    /// <summary>The prefix the edge routes the service under; unset for the first public service, which answers at the root.</summary>
    public const string PathBase = "PATH_BASE";

    /// <summary>The readiness path of ServiceDefaults, which every .NET project answers.</summary>
    public const string ProjectHealthPath = "/health";

    /// <summary>
    /// The load balancer's readiness check, under the path base: it proves the service answers where viewers
    /// reach it (the prefix is not stripped), so one that ignores its path base never takes traffic.
    /// </summary>
    public static string HealthCheckPath(string pathBase, string healthPath = ProjectHealthPath) => $"{pathBase}{healthPath}";

    /// <summary>The environment of a public service routed under <paramref name="pathBase"/> (empty: the root).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment(string pathBase)
    {
        // Behind CloudFront the viewer is two hops away (CloudFront, then the load balancer), and only
        // CloudFront knows the viewer used HTTPS (without an own domain the leg to the load balancer is
        // HTTP): the app needs both for rate limits, HSTS and Secure cookies. The load balancer admits
        // nothing but CloudFront's VPC origin, so no one else can write these headers.
        yield return new(ForwardedHeadersEnabled, "true");
        yield return new(ForwardLimit, "2");
        yield return new(TrustCloudFrontProto, "true");
        if (pathBase.Length > 0)
        {
            yield return new(PathBase, pathBase);
        }
    }
}
