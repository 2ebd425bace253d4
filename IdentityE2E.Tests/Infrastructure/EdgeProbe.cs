using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// Answers <see cref="Path"/> with what the app's own middleware would see of the request: scheme, path
/// base and client address, one a line. Registered by a test after the app's services, so it runs after
/// everything the service defaults put first in the pipeline and before the app's own middleware.
/// </summary>
public sealed class EdgeProbe : IStartupFilter
{
    public const string Path = "/edge-probe";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) => context.Request.Path == Path
            ? context.Response.WriteAsync($"{context.Request.Scheme}\n{context.Request.PathBase}\n{context.Connection.RemoteIpAddress}", context.RequestAborted)
            : nextMiddleware(context));
        next(app);
    };
}
