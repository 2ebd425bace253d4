using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IdentityE2E.Benchmarks;

/// <summary>
/// An OTLP/HTTP endpoint that accepts and drops every export. In the cloud each task exports its traces, metrics
/// and logs to a collector sidecar (IdentityE2E.Deploy's Telemetry), so the backend measured here exports too:
/// the cost of recording and sending telemetry is part of the cost of a request.
/// </summary>
internal sealed class TelemetrySink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _exports;

    private TelemetrySink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long Exports => Interlocked.Read(ref _exports);

    public static async Task<TelemetrySink> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new TelemetrySink(app);
        // An empty body is a valid, empty Export*ServiceResponse: everything accepted.
        app.MapPost("/v1/{signal}", (HttpContext context) =>
        {
            Interlocked.Increment(ref sink._exports);
            context.Response.ContentType = "application/x-protobuf";
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        sink.Url = new Uri(app.Urls.First());
        return sink;
    }

    /// <summary>What the publisher sets for a service in the cloud, with OTLP over HTTP to this sink instead of gRPC to the sidecar.</summary>
    public Dictionary<string, string> Environment(string serviceName) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Url.AbsoluteUri.TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=benchmark",
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
