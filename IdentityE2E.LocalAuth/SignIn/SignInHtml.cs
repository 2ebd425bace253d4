using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityE2E.LocalAuth.SignIn;

/// <summary>The sign-in form's markup; every value from the request is HTML-encoded.</summary>
internal static class SignInHtml
{
    public static ContentHttpResult Render(AntiforgeryTokenSet tokens, string? returnUrl, string? username, string? error, int statusCode)
    {
        var encode = HtmlEncoder.Default;
        var message = error is null ? "" : $"""<p role="alert" id="error">{encode.Encode(error)}</p>""";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign in - IdentityE2E local sign-in</title></head>
            <body>
            <main>
            <h1>Sign in</h1>
            {message}
            <form method="post" action="{SignInPage.Path}">
            <input type="hidden" name="{encode.Encode(tokens.FormFieldName)}" value="{encode.Encode(tokens.RequestToken ?? "")}">
            <input type="hidden" name="ReturnUrl" value="{encode.Encode(returnUrl ?? "")}">
            <p><label for="username">Username</label> <input id="username" name="Username" autocomplete="username" required value="{encode.Encode(username ?? "")}"></p>
            <p><label for="password">Password</label> <input id="password" name="Password" type="password" autocomplete="current-password" required></p>
            <p><button type="submit">Sign in</button></p>
            </form>
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }
}
