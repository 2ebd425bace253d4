using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace IdentityE2E.Frontend.SignIn;

/// <summary>What a signed-in member of staff may do in the UI. The backend enforces the same rules on every call.</summary>
public static class StaffPolicies
{
    /// <summary>Create, edit, verify, reject and delete: members of the <c>editors</c> group.</summary>
    public const string Editor = "editor";

    public const string EditorsGroup = "editors";

    internal static void Add(AuthorizationOptions options, AuthOptions auth)
    {
        // Every page needs a signed-in user unless it says otherwise ([AllowAnonymous]: errors, health, assets).
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(Editor, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => IsEditor(context.User, auth.GroupsClaim)));
    }

    public static bool IsEditor(ClaimsPrincipal user, string groupsClaim) =>
        user.FindAll(groupsClaim).Any(claim => claim.Value == EditorsGroup);

    /// <summary>The name the header shows: the local provider's <c>username</c>, Cognito's <c>cognito:username</c>, else the email.</summary>
    public static string DisplayName(ClaimsPrincipal user) =>
        (user.FindFirst("username") ?? user.FindFirst("cognito:username") ?? user.FindFirst("email") ?? user.FindFirst("sub"))?.Value ?? "signed in";
}
