using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IdentityE2E.Tests.LocalAuth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityE2E.Tests.Backend;

/// <summary>
/// Tokens the provider never issued, made from one it did: its header and claims, perhaps changed, signed
/// again by an attacker's key, by the provider's own key (what a stolen key would give), or not at all.
/// Starting from a real token keeps each forgery wrong in the one way the test means.
/// </summary>
public static class ForgedTokens
{
    /// <summary>The attacker's key: the same kind as the provider's, never the provider's.</summary>
    private static readonly RSA AttackerKey = RSA.Create(2048);

    public static string WithAttackerKey(string token, Action<JsonObject>? change = null) =>
        Sign(token, new RsaSecurityKey(AttackerKey), change);

    public static string WithProviderKey(LocalAuthFactory provider, string token, Action<JsonObject> change)
    {
        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(provider.SigningKeyPath));
        return Sign(token, new RsaSecurityKey(key), change);
    }

    /// <summary>The token's claims under a header that says alg none, with no signature.</summary>
    public static string WithoutSignature(string token) => new JsonWebTokenHandler().CreateToken(PayloadOf(new JsonWebToken(token)).ToJsonString());

    /// <summary>Moves the token's lifetime so that it ended <paramref name="ago"/> before now.</summary>
    public static Action<JsonObject> ExpiredFor(TimeSpan ago) => payload =>
    {
        var lifetime = payload["exp"]!.GetValue<long>() - payload["iat"]!.GetValue<long>();
        var expires = DateTimeOffset.UtcNow.Subtract(ago).ToUnixTimeSeconds();
        payload["exp"] = expires;
        payload["iat"] = expires - lifetime;
        if (payload.ContainsKey("nbf"))
        {
            payload["nbf"] = expires - lifetime;
        }
    };

    private static string Sign(string token, RsaSecurityKey key, Action<JsonObject>? change)
    {
        var original = new JsonWebToken(token);
        var payload = PayloadOf(original);
        change?.Invoke(payload);

        // The header names the provider's key id, so the backend checks the signature against the provider's key.
        key.KeyId = original.Kid;
        var credentials = new SigningCredentials(key, original.Alg)
        {
            // The provider's key is loaded afresh for each token; a cached signer would outlive it.
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        return new JsonWebTokenHandler().CreateToken(
            payload.ToJsonString(), credentials, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = original.Typ });
    }

    private static JsonObject PayloadOf(JsonWebToken token) =>
        JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
}
