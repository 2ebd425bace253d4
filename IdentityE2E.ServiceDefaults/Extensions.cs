using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Telemetry, health, service discovery and resilience that every IdentityE2E service shares.</summary>
public static class Extensions
{
    /// <summary>Readiness: the service and what it depends on answer. Load balancers route by it.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: the process answers. Container health checks restart the task by it.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The tag that puts a health check into the liveness set.</summary>
    public const string LiveTag = "live";

    /// <summary>Answers --health and --prepare-tmp (<see cref="ServiceCommands"/>), else adds OpenTelemetry, default health checks, request limits, host filtering, the edge contract, service discovery and the standard resilience handler.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Started as the container's health probe or its one-shot step, the binary does that and exits here.
        ServiceCommands.ExitIfRequested(Environment.GetCommandLineArgs());
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddRequestLimits();
        builder.AddHostFiltering();
        builder.AddEdgeContract();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>Logs, metrics and traces; exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Traces start before the path base is taken off the path, so probes under the prefix are matched with it.
        var pathBase = EdgeContract.PathBaseOf(builder.Configuration);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(tracing => tracing.Filter = context => !IsProbe(context.Request.Path, pathBase))
                // OpenTelemetry.Instrumentation.AWS is not served by our feed, so DynamoDB calls are
                // traced as the SDK's outgoing HTTP requests (POST with the X-Amz-Target operation).
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Adds the liveness check every service has.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health and /alive in every environment: ECS and the load balancer call them in production.
    /// They answer with the status word only, so they leak no check names, exceptions or configuration.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Anonymous even where a service requires sign-in everywhere else: the orchestrators have no token.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteStatusOnly })
            .DisableHttpMetrics()
            .AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteStatusOnly,
        }).DisableHttpMetrics().AllowAnonymous();
        return app;
    }

    private static bool IsProbe(PathString path, PathString pathBase)
    {
        if (pathBase.HasValue && path.StartsWithSegments(pathBase, out var remaining))
        {
            path = remaining;
        }

        return path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);
    }

    private static Task WriteStatusOnly(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
    }
}
