using System.Net;
using System.Text.RegularExpressions;
using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// The frontend published as a second public service: the edge routes it under /second without stripping
/// the prefix, and the publisher sets PATH_BASE and the forwarded-header keys, which the service defaults
/// honour. Requests arrive as CloudFront and the load balancer deliver them.
/// </summary>
public sealed partial class SecondPublicServiceTests
{
    private const int Timeout = 60_000;
    private const string PathBase = LocalAuthFactory.SecondServicePathBase;

    /// <summary>What the publisher sets for a public service after the first (docs/contracts.md).</summary>
    private static readonly Dictionary<string, string?> AsPublished = new()
    {
        [EdgeContract.PathBaseKey] = PathBase,
        [EdgeContract.ForwardLimitKey] = "2",
        [EdgeContract.TrustCloudFrontProtoKey] = "true",
    };

    [Fact(Timeout = Timeout)]
    public async Task PagesAnswerUnderThePrefixAndEveryLinkStaysWithinIt()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = await factory.CreateSignedInViewerClientAsync(PathBase, new CookieContainer());

        // Act
        using var page = await client.GetAsync($"{PathBase}/", cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        using var stylesheet = await client.GetAsync($"{PathBase}/{StylesheetPattern().Match(html).Groups["href"].Value}", cancellationToken);

        // Assert: links are relative to the base, so a browser resolves them under the prefix.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"""<base href="{PathBase}/" />""", html, StringComparison.Ordinal);
        Assert.Contains("""href="identities/new">""", html, StringComparison.Ordinal);
        Assert.DoesNotMatch($"""(?:href|action)="/(?!{PathBase[1..]}/)""", html);
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheBarePrefixOpensTheStartPage()
    {
        // Arrange: the listener rule routes /second as well as /second/*.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = await factory.CreateSignedInViewerClientAsync(PathBase, new CookieContainer());

        // Act
        using var page = await client.GetAsync(PathBase, cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"""<base href="{PathBase}/" />""", html, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task ACreateRedirectsToTheNewIdentityUnderThePrefix()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = new FormClient(await factory.CreateSignedInViewerClientAsync(PathBase, new CookieContainer()));
        var token = await client.OpenFormAsync(cancellationToken, $"{PathBase}/identities/new");

        // Act
        using var response = await client.PostFormAsync($"{PathBase}/identities/new",
            FormClient.CreateForm(token, "Ada", "Lovelace", "ada@example.com"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{PathBase}/identities/{FrontendFactory.IdentityId}?done=created", response.Headers.Location?.OriginalString);
    }

    [Fact(Timeout = Timeout)]
    public async Task SignInSendsTheViewerBackToTheCallbackUnderThePrefixOverHttps()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = factory.CreateViewerClient(PathBase, new CookieContainer());

        // Act
        using var response = await client.GetAsync($"{PathBase}/identities/new", cancellationToken);

        // Assert: the callback the provider redirects to, and the correlation cookie that must come back with it.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal($"https://{FrontendFactory.PublicHost}{PathBase}/signin-oidc", query["redirect_uri"].ToString());
        var correlation = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        Assert.Contains($"path={PathBase}/signin-oidc", correlation, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", correlation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheSessionAndAntiforgeryCookiesAreSecureAndKeptToThePrefix()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        var cookies = new CookieContainer();
        using var client = await factory.CreateSignedInViewerClientAsync(PathBase, cookies);

        // Act
        using var form = await client.GetAsync($"{PathBase}/identities/new", cancellationToken);
        var kept = cookies.GetAllCookies().ToList();

        // Assert: another service on the same host never sees this one's session.
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains(kept, c => c.Name.StartsWith("identities.session", StringComparison.Ordinal));
        Assert.Contains(kept, c => c.Name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.All(kept.Where(c => !c.Expired), c => Assert.True(c is { Secure: true, Path: PathBase }, $"{c.Name}: path {c.Path}, secure {c.Secure}"));
    }

    [Fact(Timeout = Timeout)]
    public async Task BehindCloudFrontTheViewersHttpsBringsStrictTransportSecurityUnderThePrefix()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = await factory.CreateSignedInViewerClientAsync(PathBase, new CookieContainer());

        // Act: the load balancer says http; only CloudFront-Forwarded-Proto tells of the viewer's HTTPS.
        using var response = await client.GetAsync($"{PathBase}/identities/new", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExpectedHeaders.StrictTransportSecurity, ExpectedHeaders.OnlyValue(response, "Strict-Transport-Security"));
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task SigningOutComesBackToTheStartPageUnderThePrefix()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = new FormClient(await factory.CreateSignedInViewerClientAsync(PathBase, new CookieContainer()));
        using var provider = StaffSignIn.NewProviderClient();
        var token = await client.OpenFormAsync(cancellationToken, $"{PathBase}/identities/new");

        // Act: the provider ends its session and sends the browser to the frontend's sign-out callback.
        using var signOut = await client.PostFormAsync($"{PathBase}/signout", [new("__RequestVerificationToken", token)], cancellationToken);
        var query = QueryHelpers.ParseQuery(signOut.Headers.Location!.Query);
        using var ended = await provider.GetAsync(signOut.Headers.Location, cancellationToken);
        using var back = await client.GetAsync(ended.Headers.Location!.PathAndQuery, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal($"https://{FrontendFactory.PublicHost}{PathBase}/signout-callback-oidc", query["post_logout_redirect_uri"].ToString());
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        Assert.Equal($"{PathBase}/", back.Headers.Location?.OriginalString);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheViewerCloudFrontSawIsLimitedNeitherTheEdgeServerNorAForgedAddress()
    {
        // Arrange: one request per viewer. CloudFront appends the viewer's address to whatever the viewer
        // sent, the load balancer CloudFront's; the forward limit of 2 takes the viewer's.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", new Dictionary<string, string?>(AsPublished)
        {
            ["RateLimiting:PermitLimit"] = "1",
            ["RateLimiting:Window"] = "01:00:00",
        });
        using var client = factory.CreateViewerClient(PathBase, new CookieContainer());
        using var first = await client.SendAsync(Forwarded("198.51.100.99, 203.0.113.7, 130.176.0.1"), cancellationToken);

        // Act
        using var sameViewerOtherEdge = await client.SendAsync(Forwarded("203.0.113.7, 130.176.0.2"), cancellationToken);
        using var otherViewerForgingTheFirst = await client.SendAsync(Forwarded("203.0.113.7, 203.0.113.8, 130.176.0.1"), cancellationToken);

        // Assert: anonymous, so an allowed request is the sign-in challenge.
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameViewerOtherEdge.StatusCode);
        Assert.Equal(HttpStatusCode.Found, otherViewerForgingTheFirst.StatusCode);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData(PathBase + "/health")]
    [InlineData(PathBase + "/alive")]
    public async Task HealthAnswersUnderThePrefixForTheLoadBalancerAndAtTheRootForTheContainer(string path)
    {
        // Arrange: the load balancer and ECS call the task directly, without CloudFront's headers.
        await using var factory = new FrontendFactory("Production", AsPublished);
        using var client = factory.CreatePublicClient();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static HttpRequestMessage Forwarded(string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{PathBase}/");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    [GeneratedRegex("""<link rel="stylesheet" href="(?<href>[^"]+)""")]
    private static partial Regex StylesheetPattern();
}
