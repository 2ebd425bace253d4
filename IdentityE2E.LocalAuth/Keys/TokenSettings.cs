using IdentityE2E.LocalAuth.Configuration;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace IdentityE2E.LocalAuth.Keys;

/// <summary>Keys and lifetimes, applied once the settings are bound (the test host sets them late).</summary>
internal static class TokenSettings
{
    public static void Apply(OpenIddictServerOptions server, LocalAuthOptions settings)
    {
        var folder = KeyFolder.Ensure(settings.KeysPath);
        var signing = RsaKeyFile.LoadOrCreate(Path.Combine(folder.FullName, "signing.pem"));
        var encryption = RsaKeyFile.LoadOrCreate(Path.Combine(folder.FullName, "encryption.pem"));

        // What OpenIddictServerBuilder.AddSigningKey and AddEncryptionKey add for an RSA key; done here
        // because the key folder is a setting, known only once configuration is bound.
        server.SigningCredentials.Add(new SigningCredentials(signing, SecurityAlgorithms.RsaSha256));
        server.EncryptionCredentials.Add(new EncryptingCredentials(
            encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));

        server.AccessTokenLifetime = settings.AccessTokenLifetime;
        server.IdentityTokenLifetime = settings.AccessTokenLifetime;
        server.RefreshTokenLifetime = settings.RefreshTokenLifetime;
    }
}
