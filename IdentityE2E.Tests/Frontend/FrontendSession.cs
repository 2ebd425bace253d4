using System.Net;
using IdentityE2E.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace IdentityE2E.Tests.Frontend;

/// <summary>
/// Talks to the frontend the way a browser without script does: keeps cookies, does not follow
/// redirects (so tests see the post-redirect-get), and submits forms with the hidden fields the page rendered.
/// </summary>
public sealed partial class FrontendSession : IDisposable
{
    private readonly HttpClient _http;

    // The identity provider's side of the browser: its own cookies, for its own host.
    private readonly HttpClient _provider = StaffSignIn.NewProviderClient();

    /// <summary>A session; sessions given one cookie jar act as one browser talking to several servers.</summary>
    public FrontendSession(Uri frontend, CookieContainer? cookies = null)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = frontend,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) =>
        _http.GetAsync(path, cancellationToken);

    /// <summary>The page's HTML; fails the test unless the page answers 200.</summary>
    public async Task<string> GetPageAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>
    /// Opens the page at <paramref name="path"/>, checks that it renders the form named
    /// <paramref name="formName"/>, and posts that form back with its antiforgery token and the fields.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(
        string path, string formName, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var html = await GetPageAsync(path, cancellationToken);
        Assert.Contains($"""<input type="hidden" name="_handler" value="{formName}" />""", html, StringComparison.Ordinal);
        return await PostAsync(path, formName, InputValue(html, "__RequestVerificationToken"), fields, cancellationToken);
    }

    /// <summary>Posts a form as-is, with whatever antiforgery token the caller gives.</summary>
    public Task<HttpResponseMessage> PostAsync(
        string path, string formName, string antiforgeryToken, IEnumerable<KeyValuePair<string, string>> fields,
        CancellationToken cancellationToken) =>
        _http.PostAsync(path, new FormUrlEncodedContent(
            [new("_handler", formName), new("__RequestVerificationToken", antiforgeryToken), .. fields]), cancellationToken);

    /// <summary>The value of the first input with this name, as the page rendered it.</summary>
    public static string InputValue(string html, string name)
    {
        var match = InputPattern().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == name);
        Assert.True(match is not null, $"The page has no input named {name}.");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    /// <summary>Signs in through the frontend's OpenID Connect flow and the provider's sign-in form, as a browser does.</summary>
    public Task SignInAsync(string username, string password, CancellationToken cancellationToken) =>
        StaffSignIn.SignInAsync(_http, _provider, username, password, cancellationToken);

    public void Dispose()
    {
        _http.Dispose();
        _provider.Dispose();
    }

    [GeneratedRegex("""<input[^>]*?name="(?<name>[^"]+)"[^>]*?value="(?<value>[^"]*)"[^>]*>""")]
    private static partial Regex InputPattern();
}
