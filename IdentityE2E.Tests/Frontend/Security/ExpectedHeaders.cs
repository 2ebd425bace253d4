using System.Text.RegularExpressions;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>The browser-side policy every frontend response must carry, and what none may give away.</summary>
public static partial class ExpectedHeaders
{
    /// <summary>
    /// Everything from our own origin; forms post to us, and the sign-out post may be redirected to the identity
    /// provider's origin (browsers check redirects after a post against form-action too), and nowhere else.
    /// </summary>
    public static readonly Regex ContentSecurityPolicy = new(
        "^default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'( https?://[a-z0-9.:-]+)?; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'$");

    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static void AssertPolicy(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True(ContentSecurityPolicy.IsMatch(OnlyValue(response, "Content-Security-Policy") ?? ""), $"{what}: Content-Security-Policy {OnlyValue(response, "Content-Security-Policy")}");
        Assert.True(OnlyValue(response, "X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options");
        Assert.True(OnlyValue(response, "Referrer-Policy") == "strict-origin-when-cross-origin", $"{what}: Referrer-Policy");
        Assert.True(OnlyValue(response, "X-Frame-Options") == "DENY", $"{what}: X-Frame-Options");
        Assert.True(response.Headers.Server.Count == 0, $"{what}: Server header");
        Assert.False(response.Headers.Contains("X-Powered-By"), $"{what}: X-Powered-By");
    }

    /// <summary>
    /// Markup that the policy would break or that would defeat it: inline script, inline event handlers,
    /// inline styles (style-src 'self' refuses them).
    /// Only real tags are searched, without their quoted values: stored identities may hold hostile text
    /// such as "onerror=", which the page shows encoded and which is harmless there.
    /// </summary>
    public static void AssertNothingInline(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        foreach (var tag in Tag().Matches(html).Select(match => match.Value))
        {
            Assert.DoesNotMatch(InlineAttribute(), QuotedValue().Replace(tag, "\"\""));
        }
    }

    public static string? OnlyValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Assert.Single(values) : null;

    [GeneratedRegex("""\s(style|on[a-z]+)\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttribute();

    [GeneratedRegex("""<[a-z](?:"[^"]*"|'[^']*'|[^"'>])*>""", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    [GeneratedRegex("""("[^"]*"|'[^']*')""")]
    private static partial Regex QuotedValue();
}
