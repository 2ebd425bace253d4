using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace IdentityE2E.LocalAuth;

/// <summary>
/// Keeps the provider on this machine. It signs users in with passwords from configuration and issues
/// tokens the backend trusts, so anyone who could reach it over the network could mint themselves an
/// editor. It is a development stand-in for Cognito, never a service for other hosts.
/// </summary>
internal static class Loopback
{
    /// <summary>Refuses to start when a configured URL would bind an address other than loopback.</summary>
    public static WebApplicationBuilder RequireLoopbackUrls(this WebApplicationBuilder builder)
    {
        // Checked before the server binds, so not even a moment of exposure; the check after start below
        // catches listen calls made in code.
        var configuration = builder.Configuration;
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"] ?? ""))
            .Where(url => url.Length > 0);
        foreach (var url in urls)
        {
            EnsureLoopback(url, "is configured");
        }

        // HTTP_PORTS and HTTPS_PORTS bind every interface (http://*:port), as container images set them.
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            if (!string.IsNullOrEmpty(configuration[key]) && string.IsNullOrEmpty(configuration["urls"]))
            {
                throw new InvalidOperationException(
                    $"The local sign-in provider listens on loopback only, but '{key}' binds every interface. Set ASPNETCORE_URLS to a loopback URL such as http://localhost:5380.");
            }
        }

        builder.Services.AddHostedService<BoundAddressesCheck>();
        return builder;
    }

    internal static void EnsureLoopback(string url, string how)
    {
        var address = BindingAddress.Parse(url);
        if (address.IsUnixPipe || IsLoopbackHost(address.Host))
        {
            return;
        }

        throw new InvalidOperationException(
            $"The local sign-in provider listens on loopback only, but '{url}' {how}. Use localhost, 127.0.0.1 or [::1].");
    }

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Stops the start when the server actually bound a non-loopback address.</summary>
    private sealed class BoundAddressesCheck(IServer server) : IHostedLifecycleService
    {
        public Task StartedAsync(CancellationToken cancellationToken)
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                EnsureLoopback(address, "was bound");
            }

            return Task.CompletedTask;
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
