using System.Net;
using IdentityE2E.Frontend.Security;
using Microsoft.AspNetCore.Http;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// Redirects to the frontend's own host leave as paths, so a browser behind CloudFront stays on the
/// address it used even when the app saw the load balancer's name; redirects elsewhere stay as they are.
/// </summary>
public sealed class RelativeRedirectsTests
{
    private const int Timeout = 60_000;

    [Theory]
    [InlineData("http://alb.internal/identities/1?done=created", "http", "alb.internal", "/identities/1?done=created")]
    [InlineData("https://alb.internal/identities/1#top", "https", "alb.internal", "/identities/1#top")]
    [InlineData("http://ALB.internal/", "http", "alb.internal", "/")]
    [InlineData("http://alb.internal:8080/x", "http", "alb.internal:8080", "/x")]
    [InlineData("http://alb.internal/a%20b?q=%3Cscript%3E", "http", "alb.internal", "/a%20b?q=%3Cscript%3E")]
    public void ARedirectToTheRequestsOwnHostBecomesAPath(string location, string scheme, string host, string expected)
    {
        // Arrange
        var request = Request(scheme, host);

        // Act
        var relative = RelativeRedirects.ToRelative(location, request);

        // Assert
        Assert.Equal(expected, relative);
    }

    [Theory]
    [InlineData("http://elsewhere.example/identities/1", "alb.internal")]
    [InlineData("http://alb.internal.evil.example/", "alb.internal")]
    [InlineData("http://alb.internal:8080/x", "alb.internal")]
    [InlineData("/identities/1", "alb.internal")]
    [InlineData("ftp://alb.internal/file", "alb.internal")]
    [InlineData("not a url", "alb.internal")]
    [InlineData("http://alb.internal//evil.example/path", "alb.internal")]
    [InlineData("http://alb.internal/\\evil.example/path", "alb.internal")]
    public void ARedirectAnywhereElseIsLeftAlone(string location, string host)
    {
        // Arrange: the last two would be another host to a browser once made relative.
        var request = Request("http", host);

        // Act
        var relative = RelativeRedirects.ToRelative(location, request);

        // Assert
        Assert.Null(relative);
    }

    [Fact(Timeout = Timeout)]
    public async Task ACreateRedirectsToTheNewIdentityByPathOnly()
    {
        // Arrange: the app sees the load balancer's name, as behind CloudFront.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production");
        using var client = new FormClient(await factory.CreateSignedInPublicClientAsync());
        var token = await client.OpenFormAsync(cancellationToken);

        // Act
        using var response = await client.PostFormAsync("/identities/new",
            FormClient.CreateForm(token, "Ada", "Lovelace", "ada@example.com"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"/identities/{FrontendFactory.IdentityId}?done=created", response.Headers.Location?.OriginalString);
    }

    private static HttpRequest Request(string scheme, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        return context.Request;
    }
}
