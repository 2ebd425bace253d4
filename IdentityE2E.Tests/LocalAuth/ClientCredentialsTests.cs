using System.Net;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.LocalAuth;

public sealed class ClientCredentialsTests(LocalAuthFixture fixture) : IClassFixture<LocalAuthFixture>
{
    private LocalAuthFactory Provider => fixture.Factory;

    [Fact]
    public async Task TheRightSecretGivesAJwtWhoseSubjectIsTheClientWithItsScopesAndNoAudience()
    {
        // Arrange
        string[] scopes = [LocalAuthFactory.ReadScope, LocalAuthFactory.WriteScope];

        // Act
        var tokens = await LocalAuthTokens.GetClientCredentialsTokenAsync(
            Provider.Authority, LocalAuthFactory.MachineClientId, Provider.MachineClientSecret, scopes, TestContext.Current.CancellationToken);

        // Assert
        var claims = Jwt.Payload(tokens.AccessToken);
        Assert.Equal(LocalAuthFactory.MachineClientId, claims.GetProperty("sub").GetString());
        Assert.Equal(LocalAuthFactory.MachineClientId, claims.GetProperty("client_id").GetString());
        Assert.Equal("identities.read identities.write", claims.GetProperty("scope").GetString());
        Assert.False(claims.TryGetProperty("aud", out _));
        Assert.Null(tokens.RefreshToken);
    }

    [Fact]
    public async Task AWrongSecretIsRefusedAsAnInvalidClient()
    {
        // Arrange
        var wrongSecret = "wrong-" + Guid.NewGuid().ToString("N");

        // Act
        var refusal = await Assert.ThrowsAsync<LocalAuthException>(() => LocalAuthTokens.GetClientCredentialsTokenAsync(
            Provider.Authority, LocalAuthFactory.MachineClientId, wrongSecret, [LocalAuthFactory.ReadScope], TestContext.Current.CancellationToken));

        // Assert
        Assert.Contains(refusal.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("invalid_client", refusal.Error);
    }
}
