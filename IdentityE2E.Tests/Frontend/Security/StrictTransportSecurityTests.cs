using System.Net;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// HSTS as the deployed frontend sends it. Behind CloudFront and the load balancer the app receives plain
/// HTTP with X-Forwarded-Proto: https, so that is the request these tests make.
/// </summary>
public sealed class StrictTransportSecurityTests
{
    private const int Timeout = 60_000;

    [Theory(Timeout = Timeout)]
    [InlineData("/identities/new", HttpStatusCode.OK)]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/nowhere", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    public async Task ARequestForwardedAsHttpsGetsStrictTransportSecurityOutsideDevelopment(string path, HttpStatusCode expected)
    {
        // Arrange
        await using var factory = new FrontendFactory("Production");
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.SendAsync(ForwardedHttps(path), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(ExpectedHeaders.StrictTransportSecurity, ExpectedHeaders.OnlyValue(response, "Strict-Transport-Security"));
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnErrorPageForwardedAsHttpsStillGetsStrictTransportSecurity()
    {
        // Arrange: the exception handler clears the response's headers before it renders the error page.
        await using var factory = new FrontendFactory("Production", backend: _ => new HttpResponseMessage(HttpStatusCode.MethodNotAllowed));
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.SendAsync(ForwardedHttps("/"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(ExpectedHeaders.StrictTransportSecurity, ExpectedHeaders.OnlyValue(response, "Strict-Transport-Security"));
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task APlainHttpRequestGetsNoStrictTransportSecurity()
    {
        // Arrange: browsers ignore HSTS over HTTP; sending it there would be wrong.
        await using var factory = new FrontendFactory("Production");
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.GetAsync(new Uri("/identities/new", UriKind.Relative), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task DevelopmentSendsNoStrictTransportSecurity()
    {
        // Arrange
        // Reached by a public name, as through a tunnel; Development itself admits loopback names only.
        await using var factory = new FrontendFactory("Development", new Dictionary<string, string?> { ["AllowedHosts"] = FrontendFactory.PublicHost });
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.SendAsync(ForwardedHttps("/identities/new"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task ALoopbackHostGetsNoStrictTransportSecurity()
    {
        // Arrange: HSTS on localhost would pin HTTPS on every other app a developer runs there.
        await using var factory = new FrontendFactory("Production");
        using var client = await factory.CreateSignedInPublicClientAsync();
        using var request = ForwardedHttps("/identities/new");
        request.Headers.Host = "localhost";

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static HttpRequestMessage ForwardedHttps(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }
}
