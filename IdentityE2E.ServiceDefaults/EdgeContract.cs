using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What the publisher promises every public service, honoured here so that every .NET service keeps it,
/// not only the first one (docs/contracts.md, "The edge contract every public service gets"). Each part
/// is switched by the key the publisher sets, so a service run locally or called only inside the VPC
/// behaves as before.
/// </summary>
/// <remarks>
/// X-Forwarded-For and X-Forwarded-Proto themselves are ASP.NET Core's: <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>
/// turns its middleware on first in the pipeline, believing any sender (known networks and proxies
/// cleared), which is right here because the internal load balancer is the only way in and it
/// admits nothing but CloudFront's VPC origin.
/// </remarks>
public static class EdgeContract
{
    /// <summary>
    /// How many proxies in X-Forwarded-For to believe. ASP.NET Core believes one (the load balancer); behind
    /// CloudFront the viewer is one hop further, so the publisher sets 2, or every viewer of one edge
    /// location would share a rate limit.
    /// </summary>
    public const string ForwardLimitKey = "ForwardedHeaders:ForwardLimit";

    /// <summary>Whether <see cref="CloudFrontProtoHeader"/> decides the request's scheme; set only where CloudFront is the one way in.</summary>
    public const string TrustCloudFrontProtoKey = "ForwardedHeaders:TrustCloudFrontProto";

    /// <summary>
    /// The prefix under which the edge routes a public service after the first (<c>/&lt;name&gt;</c>). The load
    /// balancer passes it on unstripped; the service takes it off the path and puts it back into every
    /// link, redirect, cookie path and callback URL it builds.
    /// </summary>
    public const string PathBaseKey = "PATH_BASE";

    /// <summary>The scheme the viewer used with CloudFront: "https" or "http".</summary>
    public const string CloudFrontProtoHeader = "CloudFront-Forwarded-Proto";

    /// <summary>Applies the forward limit, CloudFront's scheme and the path base where their keys are set.</summary>
    public static TBuilder AddEdgeContract<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Post-configured: after ASP.NET Core's own setup has turned the headers on and cleared the known networks.
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (configuration.GetValue<int?>(ForwardLimitKey) is { } forwardLimit)
            {
                options.ForwardLimit = forwardLimit;
            }
        });

        // A startup filter rather than a call in each Program.cs: it runs before the app's routing, whatever
        // order the app adds its middleware in, and a service cannot forget it.
        builder.Services.AddTransient<IStartupFilter, EdgePipeline>();
        return builder;
    }

    /// <summary>The configured path base: empty unless <see cref="PathBaseKey"/> names a prefix such as <c>/second</c>.</summary>
    public static PathString PathBaseOf(IConfiguration configuration)
    {
        var value = configuration[PathBaseKey]?.TrimEnd('/');
        if (string.IsNullOrEmpty(value))
        {
            return PathString.Empty;
        }

        return value.StartsWith('/')
            ? new PathString(value)
            : throw new InvalidOperationException($"Configuration key '{PathBaseKey}' must start with '/' (for example '/second'), not '{value}'.");
    }
}
