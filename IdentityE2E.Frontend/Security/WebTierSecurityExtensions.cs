using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Frontend.Security;

/// <summary>Registers the public frontend's web-tier protections: headers, request limits, rate limiting, relative redirects.</summary>
public static class WebTierSecurityExtensions
{
    /// <summary>
    /// Adds the form size limit and the rate limiter (section <c>RateLimiting</c>). The client address and
    /// scheme they rely on come from the service defaults' edge contract.
    /// </summary>
    public static TBuilder AddWebTierSecurity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.LimitRequestBodySize(FormLimits.MaxRequestBodySize);

        builder.Services.AddOptions<RateLimitingOptions>()
            .BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>(ClientRateLimiter.Configure);

        // Antiforgery's cookie is marked Secure whenever the request came over HTTPS (directly or as the
        // forwarded headers say), and stays usable on plain-http development machines.
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        return builder;
    }

    /// <summary>
    /// Puts the protections first in the pipeline, ahead of the exception handler, so that error pages,
    /// not-found pages and refusals carry the same headers as every other response.
    /// </summary>
    public static WebApplication UseWebTierSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RelativeRedirects>();
        app.UseRateLimiter();
        app.Use(FormLimits.RefuseOversizeBodies);
        return app;
    }
}
