using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityE2E.Tests.Backend;

/// <summary>The callers of the contract: what the frontend's users and the automation client present.</summary>
public enum Caller
{
    /// <summary>A client-credentials token of the automation client: sub == client_id, both scopes.</summary>
    Automation,

    /// <summary>A user in the group editors, signed in through the frontend.</summary>
    Editor,

    /// <summary>A user in the group viewers only, signed in through the frontend.</summary>
    Viewer,
}

/// <summary>
/// TEST SEAM until IdentityE2E.LocalAuth exists: tokens signed by a key of the tests, carrying the claims
/// the real providers put in (iss, sub, client_id, scope, groups, exp). <see cref="BackendFactory"/>
/// makes the backend trust this key and issuer instead of fetching the provider's metadata; the rest
/// of the validation (lifetime, client binding, policies) is the production one.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "http://auth.test/";
    public const string GroupsClaim = "groups";

    public static readonly RsaSecurityKey SigningKey = NewKey("test-key");

    /// <summary>The key of an attacker: same shape, same key id, not the issuer's.</summary>
    private static readonly RsaSecurityKey ForgeryKey = NewKey("test-key");

    public static string SubjectOf(Caller caller) => caller switch
    {
        Caller.Automation => "automation",
        Caller.Editor => "user-editor-0001",
        _ => "user-viewer-0001",
    };

    public static string For(Caller caller) => caller switch
    {
        Caller.Automation => Issue(SubjectOf(caller), "automation", "identities.read identities.write"),
        Caller.Editor => Issue(SubjectOf(caller), "frontend", "openid profile identities.read identities.write", ["editors"]),
        _ => Issue(SubjectOf(caller), "frontend", "openid profile identities.read identities.write", ["viewers"]),
    };

    public static string Issue(
        string subject, string clientId, string scope, string[]? groups = null,
        DateTime? expires = null, string issuer = Issuer, bool forged = false)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["client_id"] = clientId, ["scope"] = scope };
        if (groups is not null)
        {
            claims[GroupsClaim] = groups;
        }

        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            IssuedAt = expiry.AddHours(-1),
            NotBefore = expiry.AddHours(-1),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(forged ? ForgeryKey : SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A token whose header says alg none and which has no signature.</summary>
    public static string WithoutSignature(string subject, string clientId, string scope) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("client_id", clientId), new Claim("scope", scope)]),
            Expires = DateTime.UtcNow.AddHours(1),
        });

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };
}
