using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Frontend.Security;

/// <summary>One fixed-window limiter per client IP address, over every request except health checks.</summary>
internal static class ClientRateLimiter
{
    /// <summary>Applies <see cref="RateLimitingOptions"/> to the rate limiter middleware's options.</summary>
    public static void Configure(RateLimiterOptions limiter, IOptions<RateLimitingOptions> settings)
    {
        var options = settings.Value;
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (context, cancellationToken) => RejectAsync(context, options.Window, cancellationToken);
        limiter.GlobalLimiter = options.Enabled
            ? PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionFor(context, options))
            : null;
    }

    private static RateLimitPartition<string> PartitionFor(HttpContext context, RateLimitingOptions options)
    {
        // The load balancer and ECS probe health from a handful of addresses, often; they must never be refused.
        // Only the two probe paths themselves: a prefix match would hand an unlimited path space to anyone.
        if (IsHealthCheck(context.Request.Path))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        // After the forwarded headers (the service defaults' edge contract) this is the viewer's address as CloudFront saw it.
        return RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            QueueLimit = options.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    private static bool IsHealthCheck(PathString path) =>
        path.Equals(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase);

    internal static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } address => Network64(address),
        IPAddress address => address.ToString(),
        null => "unknown",
    };

    // One IPv6 subscriber usually holds a whole /64 and can rotate through it at will, so the /64 is the client.
    private static string Network64(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, TimeSpan window, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync($"Too many requests. Try again in {seconds} seconds.", cancellationToken);
    }
}
