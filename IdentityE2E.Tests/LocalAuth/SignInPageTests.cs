using System.Net;

namespace IdentityE2E.Tests.LocalAuth;

public sealed class SignInPageTests(LocalAuthFixture fixture) : IClassFixture<LocalAuthFixture>
{
    [Fact]
    public async Task TheSignInPageHasLabelledFieldsASignInButtonAndNoScript()
    {
        // Arrange
        using var http = new HttpClient { BaseAddress = fixture.Factory.Authority };

        // Act
        var html = await http.GetStringAsync("/account/signin", TestContext.Current.CancellationToken);

        // Assert
        Assert.Contains("""<label for="username">Username</label>""", html, StringComparison.Ordinal);
        Assert.Contains("""<label for="password">Password</label>""", html, StringComparison.Ordinal);
        Assert.Contains("""<button type="submit">Sign in</button>""", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASignInPostWithoutTheAntiforgeryTokenIsRefused()
    {
        // Arrange
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Factory.Authority };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = LocalAuthFactory.Editor,
            ["Password"] = fixture.Factory.EditorPassword,
        });

        // Act
        using var response = await http.PostAsync("/account/signin", form, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(cookie => cookie.StartsWith("IdentityE2E.LocalAuth.Session=", StringComparison.Ordinal)));
    }
}
