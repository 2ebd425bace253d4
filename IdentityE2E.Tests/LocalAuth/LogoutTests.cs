using System.Net;

namespace IdentityE2E.Tests.LocalAuth;

public sealed class LogoutTests(LocalAuthFixture fixture) : IClassFixture<LocalAuthFixture>
{
    [Fact]
    public async Task LoggingOutRedirectsToTheClientsRegisteredPostLogoutUri()
    {
        // Arrange
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var query = $"client_id={LocalAuthFactory.WebClientId}&state=s1&post_logout_redirect_uri={Uri.EscapeDataString(LocalAuthFactory.PostLogoutRedirectUri.AbsoluteUri)}";

        // Act
        using var response = await http.GetAsync(new Uri(fixture.Factory.Authority, "/connect/logout?" + query), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(LocalAuthFactory.PostLogoutRedirectUri.AbsoluteUri, response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnregisteredPostLogoutUriIsRefused()
    {
        // Arrange
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var query = $"client_id={LocalAuthFactory.WebClientId}&post_logout_redirect_uri={Uri.EscapeDataString("http://localhost:5999/elsewhere")}";

        // Act
        using var response = await http.GetAsync(new Uri(fixture.Factory.Authority, "/connect/logout?" + query), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
