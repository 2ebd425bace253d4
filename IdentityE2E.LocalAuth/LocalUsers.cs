using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityE2E.LocalAuth.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityE2E.LocalAuth;

/// <summary>The users from configuration: password checks and the claims their tokens carry.</summary>
internal sealed class LocalUsers(IOptions<LocalAuthOptions> options)
{
    public const string UsernameClaim = "username";
    public const string GroupsClaim = "groups";

    /// <summary>True when the user exists and the password matches, in time that does not depend on either.</summary>
    public bool CheckPassword(string username, string password)
    {
        var known = options.Value.Users.TryGetValue(username, out var user);

        // Compare hashes so lengths match, and compare even for an unknown user, so the response time
        // does not tell which of the two was wrong.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(known ? user!.Password : Guid.NewGuid().ToString()));
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        return CryptographicOperations.FixedTimeEquals(expected, given) && known;
    }

    public bool Exists(string? username) => username is not null && options.Value.Users.ContainsKey(username);

    /// <summary>A user's token principal, with Cognito's claim names where the contract relies on them.</summary>
    public ClaimsPrincipal CreatePrincipal(string username, IEnumerable<string> scopes)
    {
        var user = options.Value.Users[username];
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, SubjectOf(username))
            .SetClaim(Claims.Name, username)
            .SetClaim(UsernameClaim, username);

        // Always a JSON array, as Cognito's cognito:groups, even with one group or none: one claim per
        // group would become a plain string when there is only one.
        identity.AddClaim(new Claim(GroupsClaim, JsonSerializer.Serialize(user.Groups), JsonClaimValueTypes.JsonArray));
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name => [Destinations.IdentityToken],
            Claims.Subject or UsernameClaim or GroupsClaim => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [],
        });
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A stable id that is not the name, like Cognito's sub, so tokens survive restarts.</summary>
    private static string SubjectOf(string username)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("IdentityE2E.LocalAuth user " + username));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
