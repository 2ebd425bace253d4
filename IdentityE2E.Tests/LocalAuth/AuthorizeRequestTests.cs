using System.Net;

namespace IdentityE2E.Tests.LocalAuth;

/// <summary>Authorization requests that the provider must refuse before anyone is asked to sign in.</summary>
public sealed class AuthorizeRequestTests(LocalAuthFixture fixture) : IClassFixture<LocalAuthFixture>
{
    private static readonly HttpClient Http = new(new HttpClientHandler { AllowAutoRedirect = false });

    private Task<HttpResponseMessage> AuthorizeAsync(string redirectUri, bool withPkce)
    {
        var query = $"client_id={LocalAuthFactory.WebClientId}&response_type=code&scope=openid&state=s1"
            + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}"
            + (withPkce ? "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256" : "");
        return Http.GetAsync(new Uri(fixture.Factory.Authority, "/connect/authorize?" + query), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AWellFormedRequestFromAStrangerIsSentToTheSignInPage()
    {
        // Act
        using var response = await AuthorizeAsync(LocalAuthFactory.RedirectUri.AbsoluteUri, withPkce: true);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthorizeRequestWithoutPkceIsRefused()
    {
        // Act
        using var response = await AuthorizeAsync(LocalAuthFactory.RedirectUri.AbsoluteUri, withPkce: false);

        // Assert: an error, neither a code nor the sign-in page.
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("code_challenge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnregisteredRedirectUriIsRefusedWithoutARedirect()
    {
        // Act
        using var response = await AuthorizeAsync("http://localhost:5999/elsewhere", withPkce: true);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
