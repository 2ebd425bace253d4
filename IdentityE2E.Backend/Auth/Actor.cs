using System.Security.Claims;

namespace IdentityE2E.Backend.Auth;

/// <summary>Who is changing an identity, as the identities and their history record it.</summary>
internal static class Actor
{
    /// <summary>The token's subject: the user's id, or the client id of a machine token.</summary>
    /// <remarks>Only called behind the write policy, which refuses tokens without a subject.</remarks>
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirst(AccessRules.SubjectClaim)?.Value is { Length: > 0 } subject
            ? subject
            : throw new InvalidOperationException("A change was authorized for a token without a subject.");
}
