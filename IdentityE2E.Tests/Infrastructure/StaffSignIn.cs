using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// Signs a member of staff in the way a browser does: the frontend's OpenID Connect challenge, the local
/// provider's sign-in form, the code coming back to the frontend, which then sets its session cookie. Nothing is
/// shortcut, so the tests exercise the same sign-in path as people do.
/// </summary>
public static partial class StaffSignIn
{
    private const int MaxSteps = 12;

    /// <summary>The frontend's OpenID Connect callback (the contract's callbackPath), below its path base if it has one.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>
    /// Follows the flow from <paramref name="startPath"/> until the frontend's callback has set the session
    /// cookie; the page it then sends the browser to is left for the test to open. Requests to the frontend go
    /// through <paramref name="frontend"/> (a test server's client or a real one); everything else, the identity provider, through <paramref name="provider"/>. Both keep
    /// cookies and follow no redirects.
    /// </summary>
    public static async Task SignInAsync(
        HttpClient frontend, HttpClient provider, string username, string password, CancellationToken cancellationToken, string startPath = "/")
    {
        var frontendOrigin = frontend.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var url = new Uri(frontend.BaseAddress, startPath);
        HttpContent? form = null;
        var posted = false;
        for (var step = 0; step < MaxSteps; step++)
        {
            var client = url.GetLeftPart(UriPartial.Authority) == frontendOrigin ? frontend : provider;
            using var response = form is null
                ? await client.GetAsync(url, cancellationToken)
                : await client.PostAsync(url, form, cancellationToken);
            form = null;
            if (client == frontend && url.AbsolutePath.EndsWith(CallbackPath, StringComparison.Ordinal))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Found, $"The frontend's sign-in callback answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return;
            }

            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(client == provider, $"Signing in as {username}, the frontend answered {url} with {(int)response.StatusCode} before its callback: {html}");

            Assert.True(SignInFormPattern().Match(html) is { Success: true }, $"The provider answered {url} with {(int)response.StatusCode} and no sign-in form: {html}");
            Assert.False(posted, $"The provider showed its sign-in form again after {username}'s password was posted: {html}");
            posted = true;
            var action = WebUtility.HtmlDecode(SignInFormPattern().Match(html).Groups["action"].Value);
            var fields = HiddenInputPattern().Matches(html)
                .Select(match => new KeyValuePair<string, string>(match.Groups["name"].Value, WebUtility.HtmlDecode(match.Groups["value"].Value)))
                .Append(new("Username", username))
                .Append(new("Password", password));
            form = new FormUrlEncodedContent(fields);
            url = new Uri(url, action);
        }

        Assert.Fail($"Signing in as {username} did not finish within {MaxSteps} requests.");
    }

    /// <summary>A client for the identity provider's side of the flow: keeps cookies, follows no redirects.</summary>
    public static HttpClient NewProviderClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The generated password of a seeded user (<c>editor</c>, <c>viewer</c>) of a running AppHost.</summary>
    public static async Task<string> PasswordOfAsync(DistributedApplication app, string username, CancellationToken cancellationToken)
    {
        var parameter = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>().Single(resource => resource.Name == $"{username}-password");
        return await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"{parameter.Name} has no value.");
    }

    [GeneratedRegex("""<form[^>]*method="post"[^>]*action="(?<action>[^"]+)"[^>]*>""")]
    private static partial Regex SignInFormPattern();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInputPattern();
}
