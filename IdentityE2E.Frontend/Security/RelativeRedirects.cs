namespace IdentityE2E.Frontend.Security;

/// <summary>
/// Turns a redirect to this very host into a relative one. Blazor's redirect-after-post builds an
/// absolute URL from the Host the app received; behind CloudFront that may be the load balancer's own
/// name, and an absolute Location would send the browser around CloudFront (no HTTPS, refused by the
/// load balancer). A path is resolved by the browser against the address it actually used.
/// </summary>
internal sealed class RelativeRedirects(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var location = context.Response.Headers.Location;
            if (location.Count == 1 && ToRelative(location[0], context.Request) is { } relative)
            {
                context.Response.Headers.Location = relative;
            }

            return Task.CompletedTask;
        }, context);

        return next(context);
    }

    /// <summary>The path, query and fragment of <paramref name="location"/> when it points at the request's own host; otherwise null.</summary>
    internal static string? ToRelative(string? location, HttpRequest request)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !uri.IdnHost.Equals(request.Host.Host, StringComparison.OrdinalIgnoreCase)
            || uri.Port != (request.Host.Port ?? (request.IsHttps ? 443 : 80)))
        {
            return null;
        }

        var relative = uri.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);

        // "//evil.example/x" or "/\evil.example/x" as a Location is another host to a browser: keep the
        // absolute form, which at least names ours.
        return relative.StartsWith("//", StringComparison.Ordinal) || relative.StartsWith("/\\", StringComparison.Ordinal)
            ? null
            : relative;
    }
}
