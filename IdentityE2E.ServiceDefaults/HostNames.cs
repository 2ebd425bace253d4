using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The host names a service answers to: <c>AllowedHosts</c> from configuration (loopback names in
/// Development, the public and service-discovery names the publisher sets in the cloud), plus the names
/// that always mean this machine. Any other Host header gets 400, so links, redirects and cookies are never
/// built on a name an attacker chose.
/// </summary>
public static class HostNames
{
    /// <summary>What a process on the same machine calls it by: health probes, local tools, the developer's browser.</summary>
    public static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static TBuilder AddHostFiltering<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var development = builder.Environment.IsDevelopment();
        // Runs after ASP.NET Core has read AllowedHosts from configuration into these options.
        builder.Services.PostConfigure<HostFilteringOptions>(options =>
        {
            if (options.AllowedHosts.Contains("*"))
            {
                return;
            }

            // Outside Development a load balancer checks /health by the task's own IP address, which no
            // configuration can know in advance; in Development nothing but this machine's loopback calls.
            options.AllowedHosts = [.. options.AllowedHosts, .. Loopback, .. development ? [] : OwnAddresses()];
        });
        return builder;
    }

    private static IEnumerable<string> OwnAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(adapter => adapter.OperationalStatus == OperationalStatus.Up)
            .SelectMany(adapter => adapter.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => !IPAddress.IsLoopback(address))
            .Select(address => address.AddressFamily == AddressFamily.InterNetworkV6
                ? $"[{new IPAddress(address.GetAddressBytes())}]"
                : address.ToString());
}
