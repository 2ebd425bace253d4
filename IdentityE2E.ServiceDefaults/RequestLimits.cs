using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Kestrel limits every service shares; a service tightens the body size for what it accepts.</summary>
public static class RequestLimits
{
    /// <summary>Paths and queries are short everywhere: an id or a paging cursor of about a hundred characters.</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>A browser's headers and cookies plus tracing headers and what CloudFront and the load balancer add.</summary>
    public const int MaxRequestHeadersTotalSize = 16 * 1024;

    public const int MaxRequestHeaderCount = 64;

    /// <summary>
    /// Request line and header limits (Kestrel answers 414 and 431 itself) and no <c>Server</c> header,
    /// which tells an attacker which vulnerabilities to try and helps no client.
    /// </summary>
    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineSize;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        });
        return builder;
    }

    /// <summary>The largest request body the service accepts; larger ones get 413.</summary>
    public static TBuilder LimitRequestBodySize<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = bytes);
        return builder;
    }
}
