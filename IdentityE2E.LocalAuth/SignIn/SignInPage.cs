using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IdentityE2E.LocalAuth.SignIn;

/// <summary>The provider's own sign-in form: plain HTML, no script, antiforgery protected.</summary>
internal static class SignInPage
{
    public const string Path = "/account/signin";

    public const string WrongCredentials = "The username or password is not correct.";

    /// <summary>Maps the sign-in form and its post.</summary>
    public static IEndpointRouteBuilder MapSignInPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Show).ExcludeFromDescription();
        endpoints.MapPost(Path, SignInAsync).ExcludeFromDescription();
        endpoints.MapGet(SignedInPath, () => TypedResults.Content(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed in</title></head><body><p>You are signed in.</p></body></html>",
            "text/html; charset=utf-8")).ExcludeFromDescription();
        return endpoints;
    }

    private static ContentHttpResult Show(HttpContext context, IAntiforgery antiforgery, [FromQuery] string? returnUrl) =>
        SignInHtml.Render(antiforgery.GetAndStoreTokens(context), returnUrl, username: null, error: null, StatusCodes.Status200OK);

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignInAsync(
        HttpContext context, IAntiforgery antiforgery, LocalUsers users, [FromForm] SignInForm form)
    {
        // The form's antiforgery token is checked by UseAntiforgery before this runs.
        if (!users.CheckPassword(form.Username ?? "", form.Password ?? ""))
        {
            return SignInHtml.Render(antiforgery.GetAndStoreTokens(context), form.ReturnUrl, form.Username, WrongCredentials, StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, form.Username!)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));

        // Only back into this provider: a return URL elsewhere would make the form an open redirect.
        return TypedResults.LocalRedirect(IsLocal(form.ReturnUrl) ? form.ReturnUrl! : SignedInPath);
    }

    private const string SignedInPath = "/account/signedin";

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    internal sealed class SignInForm
    {
        public string? Username { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
