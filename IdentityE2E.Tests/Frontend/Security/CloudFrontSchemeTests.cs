using System.Net;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// Behind CloudFront without an own certificate, the load balancer forwards X-Forwarded-Proto: http and
/// only CloudFront-Forwarded-Proto tells of the viewer's HTTPS; the publisher turns on trusting it there.
/// </summary>
public sealed class CloudFrontSchemeTests
{
    private const int Timeout = 60_000;
    private static readonly Dictionary<string, string?> BehindCloudFront = new() { ["ForwardedHeaders:TrustCloudFrontProto"] = "true" };

    [Fact(Timeout = Timeout)]
    public async Task BehindCloudFrontTheViewersHttpsBringsHstsAndASecureAntiforgeryCookie()
    {
        // Arrange
        await using var factory = new FrontendFactory("Production", BehindCloudFront);
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.SendAsync(ViaCloudFront("/identities/new"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExpectedHeaders.StrictTransportSecurity, ExpectedHeaders.OnlyValue(response, "Strict-Transport-Security"));
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = Timeout)]
    public async Task WithoutTheSettingCloudFrontsHeaderIsIgnored()
    {
        // Arrange: anywhere the load balancer is not limited to CloudFront, the header proves nothing.
        await using var factory = new FrontendFactory("Production");
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.SendAsync(ViaCloudFront("/identities/new"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage ViaCloudFront(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = FrontendFactory.PublicHost;
        request.Headers.Add("X-Forwarded-Proto", "http");
        request.Headers.Add("CloudFront-Forwarded-Proto", "https");
        return request;
    }
}
