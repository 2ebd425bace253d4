using System.Security.Claims;
using IdentityE2E.LocalAuth.Configuration;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityE2E.LocalAuth.Connect;

/// <summary>
/// The authorize, token and end session endpoints. OpenIddict has already validated each request
/// (client, secret, redirect URI, PKCE, scopes) when these handlers run; they decide who the token is for.
/// </summary>
internal static class ConnectEndpoints
{
    public const string Authorize = "connect/authorize";
    public const string Token = "connect/token";
    public const string Logout = "connect/logout";

    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;
    private const string Session = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Maps the OpenID Connect endpoints that OpenIddict passes through.</summary>
    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/" + Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription();
        endpoints.MapPost("/" + Token, TokenAsync).ExcludeFromDescription();
        // A handler of HttpContext alone would bind as a RequestDelegate and drop its result.
        endpoints.MapMethods("/" + Logout, [HttpMethods.Get, HttpMethods.Post], (Delegate)LogoutAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, LocalUsers users, IOptions<LocalAuthOptions> options)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(Session);
        var username = session.Succeeded ? session.Principal.Identity?.Name : null;
        if (!users.Exists(username))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            }

            // Back to this same authorize request once the user has signed in.
            var query = context.Request.HasFormContentType ? QueryString.Create(context.Request.Form) : context.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + query }, [Session]);
        }

        var allowed = options.Value.Clients[request.ClientId!].Scopes;
        return Results.SignIn(users.CreatePrincipal(username!, GrantedScopes(request.GetScopes(), allowed)), authenticationScheme: Server);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, LocalUsers users, IOptions<LocalAuthOptions> options)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var allowed = options.Value.Clients[request.ClientId!].Scopes;
            var requested = request.GetScopes();
            return Results.SignIn(ClientPrincipal(request.ClientId!, requested.IsEmpty ? allowed : requested.Intersect(allowed)), authenticationScheme: Server);
        }

        // Authorization code or refresh token: the principal comes from the code or refresh token itself.
        var result = await context.AuthenticateAsync(Server);
        var username = result.Principal?.GetClaim(LocalUsers.UsernameClaim);
        if (!users.Exists(username))
        {
            return Refuse(Errors.InvalidGrant, "The user no longer exists.");
        }

        // Rebuilt from configuration, so a changed group shows in the next refreshed token.
        return Results.SignIn(users.CreatePrincipal(username!, result.Principal!.GetScopes()), authenticationScheme: Server);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(Session);

        // OpenIddict redirects to post_logout_redirect_uri when the client registered it, else here.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/account/signin" }, [Server]);
    }

    /// <summary>
    /// What the client asked for and may have, plus offline_access: Cognito issues refresh tokens to
    /// code-flow clients without being asked, and the frontend relies on that.
    /// </summary>
    private static IEnumerable<string> GrantedScopes(IEnumerable<string> requested, IEnumerable<string> allowed) =>
        requested.Intersect(allowed).Append(Scopes.OfflineAccess).Distinct(StringComparer.Ordinal);

    /// <summary>A machine token: sub is the client id, as in Cognito, so resource servers can tell it from a user's.</summary>
    private static ClaimsPrincipal ClientPrincipal(string clientId, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(Server, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [Server]);
}
