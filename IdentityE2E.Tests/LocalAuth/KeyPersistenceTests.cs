using IdentityE2E.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityE2E.Tests.LocalAuth;

public sealed class KeyPersistenceTests
{
    [Fact]
    public async Task AProviderStartedAgainOnTheSameKeysFolderPublishesTheKeyThatSignedTheFirstOnesTokens()
    {
        // Arrange
        var keys = Path.Combine(Path.GetTempPath(), "local-auth-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            string token;
            await using (var first = new LocalAuthFactory(keys).Start())
            {
                token = (await LocalAuthTokens.GetClientCredentialsTokenAsync(first.Authority, LocalAuthFactory.MachineClientId,
                    first.MachineClientSecret, [LocalAuthFactory.ReadScope], TestContext.Current.CancellationToken)).AccessToken;
            }

            await using var second = new LocalAuthFactory(keys).Start();

            // Act
            using var http = new HttpClient();
            var jwks = new JsonWebKeySet(await http.GetStringAsync(new Uri(second.Authority, "/.well-known/jwks"), TestContext.Current.CancellationToken));
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
            {
                IssuerSigningKeys = jwks.GetSigningKeys(),
                ValidateIssuer = false, // the second provider listens on another port, so another issuer
                ValidateAudience = false, // Cognito-shaped: access tokens carry no audience
            });

            // Assert
            Assert.Contains(jwks.Keys, key => key.Kid == new JsonWebToken(token).Kid);
            Assert.True(result.IsValid, result.Exception?.Message);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task TheKeyFilesAreReadableByTheirOwnerOnly()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Unix file modes only.");

        // Arrange
        await using var provider = new LocalAuthFactory().Start();

        // Act
        var modes = Directory.GetFiles(provider.KeysPath, "*.pem").Select(file => OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file)).ToList();

        // Assert
        Assert.NotEmpty(modes);
        Assert.All(modes, mode => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode));
    }
}
