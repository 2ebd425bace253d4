using System.Security.Claims;

namespace IdentityE2E.Backend.Auth;

/// <summary>Who is calling, as the identities record it: the token's subject.</summary>
internal static class Caller
{
    public const string SubjectClaim = "sub";

    /// <summary>The subject id: the user's id, or the client id of a machine token.</summary>
    public static string SubjectOf(ClaimsPrincipal user) =>
        user.FindFirst(SubjectClaim)?.Value is { Length: > 0 } subject
            ? subject
            : "anonymous";
}
