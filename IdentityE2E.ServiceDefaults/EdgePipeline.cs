using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Puts the edge contract's middleware ahead of everything the app adds: after ASP.NET Core's forwarded
/// headers (whose startup filter is registered before any service's), before routing, so the scheme
/// and the path the endpoints, redirects and cookies see are the viewer's.
/// </summary>
internal sealed class EdgePipeline(IConfiguration configuration) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (configuration.GetValue<bool>(EdgeContract.TrustCloudFrontProtoKey))
        {
            app.Use(CloudFrontScheme.ApplyAsync);
        }

        // A request without the prefix passes unchanged: the load balancer's and the container's health
        // checks call the task directly, and /health, /alive answer at the root as well as under the prefix.
        if (EdgeContract.PathBaseOf(configuration) is { HasValue: true } pathBase)
        {
            app.UsePathBase(pathBase);
        }

        next(app);
    };
}
