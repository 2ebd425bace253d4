using Scalar.AspNetCore;

namespace IdentityE2E.Backend;

/// <summary>The interactive API reference (Scalar) over the OpenAPI document, for developers only.</summary>
internal static class ApiReference
{
    /// <summary>The path the dashboard's "API reference" link opens.</summary>
    public const string Path = "/scalar";

    /// <summary>
    /// Serves Scalar at <see cref="Path"/> in Development only: it is a page for people trying the API on their machine,
    /// and a deployed service has no reason to serve a script-heavy page next to personal data.
    /// </summary>
    public static IEndpointRouteBuilder MapApiReference(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(Path, options => options.WithTitle("IdentityE2E backend"));
        }

        return app;
    }
}
