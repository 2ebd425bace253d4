using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace IdentityE2E.Frontend.SignIn;

/// <summary>
/// Cognito ends its session at <c>/logout?client_id=..&amp;logout_uri=..</c>, which its discovery document does
/// not list as an end-session endpoint; with <see cref="AuthOptions.LogoutEndpoint"/> set, sign-out goes there.
/// </summary>
internal static class CognitoLogout
{
    public static Task RedirectAsync(RedirectContext context, AuthOptions auth)
    {
        if (string.IsNullOrEmpty(auth.LogoutEndpoint))
        {
            return Task.CompletedTask;
        }

        var request = context.Request;
        var comeBack = $"{request.Scheme}://{request.Host}{request.PathBase}{context.Options.SignedOutCallbackPath}";
        var query = QueryString.Create("client_id", auth.ClientId).Add("logout_uri", comeBack);
        context.Response.Redirect(auth.LogoutEndpoint + query.ToUriComponent());
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
