using System.Net;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.LocalAuth;

public sealed class CodeFlowTests(LocalAuthFixture fixture) : IClassFixture<LocalAuthFixture>
{
    private static readonly string[] Scopes = ["openid", "profile", LocalAuthFactory.ReadScope, LocalAuthFactory.WriteScope];

    private LocalAuthFactory Provider => fixture.Factory;

    private Task<LocalAuthTokenSet> SignInAsync(string username, string password) => LocalAuthTokens.SignInAsync(
        Provider.Authority, LocalAuthFactory.WebClientId, Provider.WebClientSecret, LocalAuthFactory.RedirectUri,
        username, password, Scopes, TestContext.Current.CancellationToken);

    [Fact]
    public async Task AnEditorSigningInGetsAnAccessTokenWithTheGroupsArrayAndTheUsername()
    {
        // Act
        var tokens = await SignInAsync(LocalAuthFactory.Editor, Provider.EditorPassword);

        // Assert
        var access = Jwt.Payload(tokens.AccessToken);
        Assert.Equal(["editors"], access.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));
        Assert.Equal(LocalAuthFactory.Editor, access.GetProperty("username").GetString());
        Assert.Equal(LocalAuthFactory.WebClientId, access.GetProperty("client_id").GetString());
        Assert.NotEqual(LocalAuthFactory.WebClientId, access.GetProperty("sub").GetString());
        Assert.Contains(LocalAuthFactory.WriteScope, access.GetProperty("scope").GetString()!.Split(' '));
        Assert.False(access.TryGetProperty("aud", out _));
    }

    [Fact]
    public async Task TheIdTokenCarriesTheSubjectTheNameAndTheGroups()
    {
        // Act
        var tokens = await SignInAsync(LocalAuthFactory.Viewer, Provider.ViewerPassword);

        // Assert
        var id = Jwt.Payload(tokens.IdToken!);
        Assert.Equal(Jwt.Payload(tokens.AccessToken).GetProperty("sub").GetString(), id.GetProperty("sub").GetString());
        Assert.Equal(LocalAuthFactory.Viewer, id.GetProperty("name").GetString());
        Assert.Equal(LocalAuthFactory.Viewer, id.GetProperty("username").GetString());
        Assert.Equal(["viewers"], id.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));
    }

    [Fact]
    public async Task ARefreshTokenComesWithoutAskingForOfflineAccessAndGivesANewAccessToken()
    {
        // Arrange
        var tokens = await SignInAsync(LocalAuthFactory.Editor, Provider.EditorPassword);

        // Act
        var refreshed = await LocalAuthTokens.RefreshAsync(
            Provider.Authority, LocalAuthFactory.WebClientId, Provider.WebClientSecret, tokens.RefreshToken!, TestContext.Current.CancellationToken);

        // Assert
        var access = Jwt.Payload(refreshed.AccessToken);
        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.Equal(LocalAuthFactory.Editor, access.GetProperty("username").GetString());
        Assert.Equal(["editors"], access.GetProperty("groups").EnumerateArray().Select(group => group.GetString()));
    }

    [Fact]
    public async Task AWrongPasswordShowsTheErrorAndIssuesNoCode()
    {
        // Act
        var refusal = await Assert.ThrowsAsync<LocalAuthException>(() => SignInAsync(LocalAuthFactory.Editor, "wrong-" + Guid.NewGuid()));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
        Assert.Contains("The username or password is not correct.", refusal.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", refusal.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownUserSeesTheSameErrorAsAWrongPassword()
    {
        // Act
        var refusal = await Assert.ThrowsAsync<LocalAuthException>(() => SignInAsync("nobody-" + Guid.NewGuid().ToString("N"), Provider.EditorPassword));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
        Assert.Contains("The username or password is not correct.", refusal.Body, StringComparison.Ordinal);
    }
}
