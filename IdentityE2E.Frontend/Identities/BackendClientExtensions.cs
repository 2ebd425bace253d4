using IdentityE2E.Frontend.SignIn;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace IdentityE2E.Frontend.Identities;

/// <summary>Registers the typed client the pages use to talk to the backend.</summary>
public static class BackendClientExtensions
{
    /// <summary>Adds <see cref="BackendClient"/>, found through service discovery as <c>backend</c>.</summary>
    public static TBuilder AddBackendClient<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddTransient<AccessTokenHandler>();
        var client = builder.Services.AddHttpClient<BackendClient>(http => http.BaseAddress = new("https+http://backend"))
            .AddHttpMessageHandler<AccessTokenHandler>();

        // ServiceDefaults gives every client one standard handler whose options are shared by all
        // clients, so they cannot be tuned for this client alone. Swap it for this client's own
        // standard handler (one stack, not two). It now sits inside service discovery rather than outside
        // it, so a retry goes to the endpoint already resolved for the request: for "backend" that is one
        // address in both worlds (DCP's proxy locally, Service Connect in the cloud).
#pragma warning disable EXTEXP0001 // Marked experimental, yet the documented way to replace a default handler.
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddStandardResilienceHandler(options =>
        {
            // A POST whose answer was lost may still have created the identity; sending it again could
            // create it twice. GET is safe, and PUT/DELETE carry If-Match, so a repeat cannot overwrite
            // anybody's change: at worst it reports 412/404 for a change that did happen.
            options.Retry.DisableFor(HttpMethod.Post, HttpMethod.Patch);

            // A page waits at most this long for the backend before it says "try again".
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(4);
        });
        return builder;
    }
}
