using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Behind CloudFront without a certificate of our own, the load balancer's X-Forwarded-Proto says "http"
/// (its listener), while the viewer used HTTPS. CloudFront says so in CloudFront-Forwarded-Proto. The
/// publisher turns this on for public services only, whose internal load balancer admits nothing but
/// CloudFront's VPC origin, so the header cannot come from anyone else.
/// </summary>
internal static class CloudFrontScheme
{
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        if (string.Equals(context.Request.Headers[EdgeContract.CloudFrontProtoHeader], "https", StringComparison.OrdinalIgnoreCase))
        {
            context.Request.Scheme = "https";
        }

        return next(context);
    }
}
