using System.Collections.Concurrent;
using System.Net;
using IdentityE2E.Tests.Frontend.Security;
using IdentityE2E.Tests.LocalAuth;

namespace IdentityE2E.Tests.Frontend;

/// <summary>The frontend's sign-in session against a real local provider, with the backend replaced by canned answers.</summary>
public sealed class SignInSessionTests
{
    private const int Timeout = 60_000;

    [Theory(Timeout = Timeout)]
    [InlineData("/")]
    [InlineData("/identities/new")]
    [InlineData("/identities/0192f0c4a1b27c3d8e9f00112233aabb")]
    public async Task WithoutASessionEveryPageSendsTheBrowserToSignInWithPkce(string path)
    {
        // Arrange
        await using var factory = new FrontendFactory("Production");
        using var client = factory.CreatePublicClient();

        // Act
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(new Uri(factory.Provider.Authority, "/connect/authorize").ToString(), location, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http%3A%2F%2Fidentities.example.com%2Fsignin-oidc", location, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheUsersAccessTokenGoesWithEveryBackendCallAndIsRefreshedBeforeItExpires()
    {
        // Arrange: tokens that live 30 s are always inside the frontend's one-minute refresh margin.
        var seen = new ConcurrentQueue<string?>();
        await using var provider = new LocalAuthFactory(accessTokenLifetime: TimeSpan.FromSeconds(30)).Start();
        await using var factory = new FrontendFactory("Production", provider: provider, backend: request =>
        {
            seen.Enqueue(request.Headers.Authorization?.ToString());
            return FrontendFactory.WorkingBackend(request);
        });
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var first = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        using var second = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var tokens = seen.ToArray();
        Assert.Equal(2, tokens.Length);
        Assert.All(tokens, token => Assert.StartsWith("Bearer ey", token, StringComparison.Ordinal));
        Assert.NotEqual(tokens[0], tokens[1]);
    }

    [Fact(Timeout = Timeout)]
    public async Task AViewerAskingForAnEditorsPageIsToldPlainlyAndNeverReachesTheBackend()
    {
        // Arrange
        var calls = 0;
        await using var factory = new FrontendFactory("Production", backend: request =>
        {
            Interlocked.Increment(ref calls);
            return FrontendFactory.WorkingBackend(request);
        });
        using var client = await factory.CreateSignedInPublicClientAsync(LocalAuthFactory.Viewer);

        // Act
        using var refused = await client.GetAsync(new Uri("/identities/new", UriKind.Relative), TestContext.Current.CancellationToken);
        using var explained = await client.GetAsync(refused.Headers.Location, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
        Assert.StartsWith("/access-denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, explained.StatusCode);
        Assert.Contains("may look at identities but not change them", await explained.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }
}
