using Microsoft.AspNetCore.Routing;

namespace IdentityE2E.Backend.Errors;

internal static class Extensions
{
    /// <summary>Identity payloads are a few hundred bytes; anything near this is a mistake or an attack.</summary>
    public const int MaxRequestBodySize = 16 * 1024;

    /// <summary>Limits request bodies and maps unreadable requests and an unavailable data store to problem details.</summary>
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        // Line and header limits and the missing Server header come with the service defaults.
        builder.LimitRequestBodySize(MaxRequestBodySize);

        // Minimal APIs answer unreadable bodies with a bare status code unless told to throw; the
        // exception carries the JSON path, which lets the problem name the offending property.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // Minimal APIs answer a wrong content type or an oversized body with a bare 415 or 413, which
        // the status code pages turn into a problem without a word on what to send instead.
        builder.Services.Configure<ProblemDetailsOptions>(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                if (context.ProblemDetails is { Status: StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType, Detail: null } problem)
                {
                    problem.Detail = BadRequestExceptionHandler.DetailOf(problem.Status.Value);
                }
            };
        });

        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        return builder;
    }
}
