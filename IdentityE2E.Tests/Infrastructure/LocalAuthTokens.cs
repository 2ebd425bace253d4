using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>Tokens from an OpenID Connect provider, as its token endpoint returned them.</summary>
public sealed record LocalAuthTokenSet(string AccessToken, string? RefreshToken, string? IdToken, string? Scope);

/// <summary>A refusal by the provider: the sign-in form came back, or an endpoint answered with an error.</summary>
public sealed class LocalAuthException(string message, HttpStatusCode status, string? error, string body) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The OAuth error code (invalid_client, invalid_request, ...) when the provider sent one.</summary>
    public string? Error { get; } = error;

    /// <summary>The response body, e.g. the sign-in page with its error message.</summary>
    public string Body { get; } = body;
}

/// <summary>
/// Gets tokens from the local provider (or any provider with a sign-in form of the same shape) over
/// plain HTTP, the way a confidential client and a user with a browser would. Endpoints come from the
/// discovery document, so the helper knows no provider routes.
/// </summary>
public static partial class LocalAuthTokens
{
    /// <summary>A machine token from the client credentials flow.</summary>
    public static async Task<LocalAuthTokenSet> GetClientCredentialsTokenAsync(
        Uri authority, string clientId, string secret, IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        var endpoints = await DiscoverAsync(http, authority, cancellationToken);
        return await RequestTokensAsync(http, endpoints.Token, clientId, secret, new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = string.Join(' ', scopes),
        }, cancellationToken);
    }

    /// <summary>
    /// Signs a user in through the authorization code flow with PKCE: authorize, the sign-in form,
    /// back to authorize, then the code from the redirect to <paramref name="redirectUri"/> (which is
    /// never called) exchanged at the token endpoint.
    /// </summary>
    public static async Task<LocalAuthTokenSet> SignInAsync(
        Uri authority, string clientId, string secret, Uri redirectUri, string username, string password,
        IEnumerable<string> scopes, CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        var endpoints = await DiscoverAsync(http, authority, cancellationToken);
        var verifier = RandomToken();
        var state = RandomToken();
        var authorize = new Uri(endpoints.Authorization + "?" + FormQuery(new()
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["response_type"] = "code",
            ["scope"] = string.Join(' ', scopes),
            ["state"] = state,
            ["nonce"] = RandomToken(),
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        }));

        var callback = await FollowToRedirectUriAsync(http, authorize, redirectUri, username, password, cancellationToken);
        var query = ParseQuery(callback.Query);
        if (query.TryGetValue("error", out var error))
        {
            throw new LocalAuthException($"The provider refused the authorization request: {error}.", HttpStatusCode.Found, error, callback.AbsoluteUri);
        }

        if (query.GetValueOrDefault("state") != state || !query.TryGetValue("code", out var code))
        {
            throw new LocalAuthException("The redirect carried no code or a wrong state.", HttpStatusCode.Found, null, callback.AbsoluteUri);
        }

        return await RequestTokensAsync(http, endpoints.Token, clientId, secret, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["code_verifier"] = verifier,
        }, cancellationToken);
    }

    /// <summary>New tokens for a refresh token.</summary>
    public static async Task<LocalAuthTokenSet> RefreshAsync(
        Uri authority, string clientId, string secret, string refreshToken, CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        var endpoints = await DiscoverAsync(http, authority, cancellationToken);
        return await RequestTokensAsync(http, endpoints.Token, clientId, secret, new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, cancellationToken);
    }

    private static async Task<Uri> FollowToRedirectUriAsync(
        HttpClient http, Uri start, Uri redirectUri, string username, string password, CancellationToken cancellationToken)
    {
        var next = new HttpRequestMessage(HttpMethod.Get, start);
        var signedIn = false;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await http.SendAsync(next, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.Headers.Location is { } location)
            {
                var target = new Uri(next.RequestUri!, location);
                if (target.GetLeftPart(UriPartial.Path) == redirectUri.GetLeftPart(UriPartial.Path))
                {
                    return target;
                }

                next = new HttpRequestMessage(HttpMethod.Get, target);
                continue;
            }

            var form = FormRegex().Match(body);
            if (response.StatusCode != HttpStatusCode.OK || !form.Success || signedIn)
            {
                throw new LocalAuthException(
                    $"Expected a redirect or the sign-in form, got {(int)response.StatusCode}.", response.StatusCode, ErrorOf(body), body);
            }

            next = SignInPost(next.RequestUri!, form, body, username, password);
            signedIn = true;
        }

        throw new LocalAuthException("Too many redirects.", HttpStatusCode.Found, null, "");
    }

    private static HttpRequestMessage SignInPost(Uri page, Match form, string body, string username, string password)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in HiddenInputRegex().Matches(body))
        {
            fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        }

        fields["Username"] = username;
        fields["Password"] = password;
        var action = WebUtility.HtmlDecode(form.Groups["action"].Value);
        return new HttpRequestMessage(HttpMethod.Post, new Uri(page, action)) { Content = new FormUrlEncodedContent(fields) };
    }

    private static async Task<LocalAuthTokenSet> RequestTokensAsync(
        HttpClient http, Uri tokenEndpoint, string clientId, string secret, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        parameters["client_id"] = clientId;
        parameters["client_secret"] = secret;
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(parameters), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new LocalAuthException($"The token endpoint answered {(int)response.StatusCode}.", response.StatusCode, ErrorOf(body), body);
        }

        using var json = JsonDocument.Parse(body);
        string? Read(string name) => json.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new LocalAuthTokenSet(Read("access_token")!, Read("refresh_token"), Read("id_token"), Read("scope"));
    }

    private static async Task<(Uri Authorization, Uri Token)> DiscoverAsync(HttpClient http, Uri authority, CancellationToken cancellationToken)
    {
        var discovery = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        using var json = JsonDocument.Parse(await http.GetStringAsync(discovery, cancellationToken));
        return (new Uri(json.RootElement.GetProperty("authorization_endpoint").GetString()!),
            new Uri(json.RootElement.GetProperty("token_endpoint").GetString()!));
    }

    private static HttpClient CreateHttpClient()
    {
        // Redirects are followed by hand: the last one goes to the client's callback, which must not be called.
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    private static string? ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            var match = ErrorTextRegex().Match(body);
            return match.Success ? match.Groups["error"].Value : null;
        }
    }

    private static Dictionary<string, string> ParseQuery(string query) => query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1].Replace('+', ' ') : ""));

    private static string FormQuery(Dictionary<string, string> values) =>
        string.Join('&', values.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(""""<form[^>]*method="post"[^>]*action="(?<action>[^"]*)"""", RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)"\s*/?>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInputRegex();

    [GeneratedRegex("""error:\s*(?<error>[a-z_]+)""")]
    private static partial Regex ErrorTextRegex();
}
