using System.Security.Claims;
using System.Text.Json;

namespace IdentityE2E.Backend.Auth;

/// <summary>
/// Who may read and who may change identities, as pure functions of the token's claims, so the rules
/// can be tested without an issuer. Read: scope <c>identities.read</c>. Write: scope
/// <c>identities.write</c>, and either a machine token or a user in the group <c>editors</c>.
/// </summary>
internal static class AccessRules
{
    public const string ReadPolicy = "identities.read";
    public const string WritePolicy = "identities.write";
    public const string EditorsGroup = "editors";
    public const string SubjectClaim = "sub";
    public const string ClientIdClaim = "client_id";
    public const string ScopeClaim = "scope";

    public static bool CanRead(ClaimsPrincipal user, AuthOptions options) =>
        HasScope(user, options.ScopePrefix + ReadPolicy);

    public static bool CanWrite(ClaimsPrincipal user, AuthOptions options) =>
        HasScope(user, options.ScopePrefix + WritePolicy)
        && user.FindFirst(SubjectClaim)?.Value is { Length: > 0 }
        && (IsMachine(user) || InGroup(user, options.GroupsClaim, EditorsGroup));

    /// <summary>A client-credentials token: its subject is the client itself (Cognito and OpenIddict both do this).</summary>
    public static bool IsMachine(ClaimsPrincipal user) =>
        user.FindFirst(SubjectClaim)?.Value is { Length: > 0 } subject
        && string.Equals(subject, user.FindFirst(ClientIdClaim)?.Value, StringComparison.Ordinal);

    /// <summary>Scopes come space-separated in one claim (RFC 9068), but a handler may split them into several.</summary>
    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll(ScopeClaim)
            .SelectMany(claim => Values(claim.Value, ' '))
            .Contains(scope, StringComparer.Ordinal);

    /// <summary>Groups come as several claims, or as one claim holding a JSON array, depending on the token handler.</summary>
    public static bool InGroup(ClaimsPrincipal user, string groupsClaim, string group) =>
        user.FindAll(groupsClaim)
            .SelectMany(claim => Values(claim.Value, separator: null))
            .Contains(group, StringComparer.Ordinal);

    private static string[] Values(string value, char? separator)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize(trimmed, WireJsonContext.Default.StringArray) ?? [];
            }
            catch (JsonException)
            {
                return [];
            }
        }

        return separator is { } split ? trimmed.Split(split, StringSplitOptions.RemoveEmptyEntries) : [trimmed];
    }
}
