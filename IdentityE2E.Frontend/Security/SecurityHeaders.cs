namespace IdentityE2E.Frontend.Security;

/// <summary>
/// Puts the browser-side policy on every response: pages, static files, error and not-found pages,
/// rate-limit refusals and health answers alike.
/// </summary>
/// <remarks>
/// The headers are written when the response starts rather than when the request arrives, because the
/// exception handler clears the response's headers before it renders the error page; a header set on
/// the way in would be missing from exactly the responses that go wrong.
/// </remarks>
internal sealed class SecurityHeaders(RequestDelegate next, IHostEnvironment environment, IConfiguration configuration)
{
    /// <summary>
    /// Pages are rendered on the server with no script at all, one stylesheet and no inline styles (static
    /// rendering emits no style attributes; the frontend tests check every page), so everything can come
    /// from our own origin. Forms post only to us (and the sign-out post is redirected to the identity
    /// provider, which browsers check against form-action too), nobody may frame us. The same policy applies in
    /// Development, where it leaves the developer exception page without its inline styles and script:
    /// unstyled but readable, and no page can come to rely on something production would block.
    /// </summary>
    public static string ContentSecurityPolicyFor(string? identityProviderOrigins) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        $"form-action 'self'{(identityProviderOrigins is null ? "" : " " + identityProviderOrigins)}; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private readonly string _contentSecurityPolicy = ContentSecurityPolicyFor(SignIn.SignInExtensions.IdentityProviderOrigins(configuration));

    /// <summary>One year, subdomains included: what browsers' preload lists ask for.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    // Outside development the app sits behind CloudFront and the load balancer and sees plain HTTP with
    // X-Forwarded-Proto: https; the forwarded headers middleware (ASPNETCORE_FORWARDEDHEADERS_ENABLED,
    // set by the manifest) has made that Request.IsHttps before this runs. HSTS on a loopback name
    // would pin HTTPS on every other local app, so those are left out, as UseHsts does.
    private readonly bool _hsts = !environment.IsDevelopment();

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, hsts, contentSecurityPolicy) = ((HttpContext, bool, string))state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.Remove("X-Powered-By");
            if (hsts && context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        }, (context, _hsts, _contentSecurityPolicy));

        return next(context);
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "[::1]";
}
