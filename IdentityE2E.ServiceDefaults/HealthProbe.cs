using System.Globalization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The service's own liveness probe: <c>&lt;service binary&gt; --health</c> asks the running service's /alive over
/// loopback and exits 0 on 200, else 1. Container health checks run it without a shell, so chiseled images (no
/// shell, no curl) can be probed; it runs before any host is built, so it costs a few milliseconds.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--health";

    /// <summary>The port a service listens on when nothing says otherwise (the .NET container images' default).</summary>
    public const int DefaultPort = 8080;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Whether the process was started as a probe, not as the service.</summary>
    public static bool IsRequested(string[] args) => args.Contains(Argument, StringComparer.Ordinal);

    /// <summary>Asks /alive of the service on this machine; 0 when it answers 200, 1 otherwise.</summary>
    public static async Task<int> RunAsync()
    {
        var uri = new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", ListeningPort(Environment.GetEnvironmentVariable), Extensions.AlivenessEndpointPath).Uri;
        // No proxy: HTTP_PROXY in a task's environment must not turn a loopback probe into a remote call.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"{uri} answered {(int)response.StatusCode}.");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{uri} did not answer: {exception.Message}");
        }

        return 1;
    }

    /// <summary>
    /// The first HTTP port the service listens on, read the way ASP.NET Core reads it: HTTP_PORTS (with or without
    /// the ASPNETCORE_ or DOTNET_ prefix, as the publisher and the container images set it), else the port of the
    /// first http:// URL of URLS, else <see cref="DefaultPort"/>.
    /// </summary>
    internal static int ListeningPort(Func<string, string?> environment)
    {
        string[] prefixes = ["ASPNETCORE_", "DOTNET_", ""];
        foreach (var value in prefixes.Select(prefix => environment(prefix + "HTTP_PORTS")))
        {
            if (value?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } first
                && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }
        }

        foreach (var value in prefixes.Select(prefix => environment(prefix + "URLS")))
        {
            var url = value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
            // Kestrel's wildcard hosts (+, *) are no URI host; the port is all that matters here.
            if (url is not null && Uri.TryCreate(url.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var parsed) && !parsed.IsDefaultPort)
            {
                return parsed.Port;
            }
        }

        return DefaultPort;
    }
}
