using System.Net;
using IdentityE2E.Tests.Infrastructure;
using System.Text.RegularExpressions;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// A browser without script, or something pretending to be one: keeps cookies, does not follow redirects,
/// and posts whatever it is given, antiforgery token or not.
/// </summary>
public sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _http;

    // The identity provider's side of the browser: its own cookies, for its own host.
    private readonly HttpClient _provider = StaffSignIn.NewProviderClient();

    public FormClient(Uri frontend)
        : this(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = frontend,
            Timeout = TimeSpan.FromSeconds(30),
        })
    {
    }

    /// <summary>Wraps a client that already keeps cookies and does not follow redirects (a test server's).</summary>
    public FormClient(HttpClient http) => _http = http;

    /// <summary>
    /// Opens a page with a form, which sets the antiforgery cookie, and returns the page's token. Tokens
    /// belong to the session (the cookie), not to one form, so it serves every form.
    /// </summary>
    public async Task<string> OpenFormAsync(CancellationToken cancellationToken, string path = "/identities/new")
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}.");
        return TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["token"].Value)
            : throw new InvalidOperationException($"{path} has no antiforgery token.");
    }

    public Task<HttpResponseMessage> PostFormAsync(
        string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent content, CancellationToken cancellationToken) =>
        _http.PostAsync(path, content, cancellationToken);

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) =>
        _http.GetAsync(path, cancellationToken);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _http.SendAsync(request, cancellationToken);

    /// <summary>The create form's fields with a token, ready to post to /identities/new.</summary>
    public static KeyValuePair<string, string>[] CreateForm(string token, string givenName, string familyName, string email) =>
    [
        new("_handler", "create-identity"),
        new("__RequestVerificationToken", token),
        new("Model.GivenName", givenName),
        new("Model.FamilyName", familyName),
        new("Model.Email", email),
        new("Model.DateOfBirth", ""),
    ];

    /// <summary>Signs in through the frontend's OpenID Connect flow and the provider's sign-in form, as a browser does.</summary>
    public Task SignInAsync(string username, string password, CancellationToken cancellationToken) =>
        StaffSignIn.SignInAsync(_http, _provider, username, password, cancellationToken);

    public void Dispose()
    {
        _http.Dispose();
        _provider.Dispose();
    }

    [GeneratedRegex("""name="__RequestVerificationToken" value="(?<token>[^"]+)""")]
    private static partial Regex TokenPattern();
}
