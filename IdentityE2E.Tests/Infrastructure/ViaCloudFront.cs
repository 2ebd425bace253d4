namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// Delivers a request as the edge does: CloudFront puts the viewer's address into X-Forwarded-For and the
/// viewer's scheme into CloudFront-Forwarded-Proto, then the load balancer's HTTP listener appends
/// CloudFront's address and says X-Forwarded-Proto: http. A request that brings its own X-Forwarded-For
/// keeps it as it is: the test writes the whole chain, forged entries and edge server included.
/// </summary>
public sealed class ViaCloudFront(string viewer = ViaCloudFront.Viewer) : DelegatingHandler
{
    /// <summary>The viewer's address unless a test names another.</summary>
    public const string Viewer = "203.0.113.7";

    /// <summary>The CloudFront server that carried the request, as the load balancer sees it.</summary>
    public const string EdgeServer = "130.176.0.1";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("X-Forwarded-For"))
        {
            request.Headers.Add("X-Forwarded-For", $"{viewer}, {EdgeServer}");
        }

        request.Headers.Add("X-Forwarded-Proto", "http");
        request.Headers.Add("CloudFront-Forwarded-Proto", request.RequestUri!.Scheme);
        return base.SendAsync(request, cancellationToken);
    }
}
