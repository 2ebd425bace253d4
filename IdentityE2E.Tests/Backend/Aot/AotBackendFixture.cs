using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;

namespace IdentityE2E.Tests.Backend.Aot;

/// <summary>
/// The backend as ECS runs it: the Native AOT binary (published once, see <see cref="AotPublish"/>) started as its own
/// process, configured through its environment only, against a real DynamoDB Local and the local sign-in provider.
/// </summary>
public sealed class AotBackendFixture : IAsyncLifetime
{
    public const string SigningKey = "aot-tests-signing-key-0123456789abcdef";

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DynamoDBLocalFixture _dynamoDB = new();
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _backend;

    /// <summary>The native executable, to run again with --health.</summary>
    public string Executable { get; private set; } = "";

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>From process start to the first healthy /health.</summary>
    public TimeSpan StartedToHealthy { get; private set; }

    public LocalAuthFactory Provider { get; private set; } = null!;

    public BackendTokens Tokens { get; private set; } = null!;

    /// <summary>What the backend printed so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(SetupTimeout);
        // The publish first: on two cores the AOT compiler and DynamoDB Local's JVM warming up would slow each other down.
        Executable = await AotPublish.EnsurePublishedAsync(timeout.Token);
        await _dynamoDB.InitializeAsync();
        Provider = new LocalAuthFactory().Start();
        Tokens = new BackendTokens(Provider);

        Port = FreeTcpPort();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Executable)!,
        };
        foreach (var (key, value) in Environment(Port))
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var clock = Stopwatch.StartNew();
        _backend = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        _backend.OutputDataReceived += (_, line) => _output.Enqueue(line.Data ?? "");
        _backend.ErrorDataReceived += (_, line) => _output.Enqueue(line.Data ?? "");
        _backend.BeginOutputReadLine();
        _backend.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.UntilAsync(async () => _backend.HasExited ? throw new InvalidOperationException("exited") : await IsHealthyAsync(http), timeout.Token, StartTimeout);
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The AOT backend did not become healthy within {StartTimeout}:\n{Output}", exception);
        }

        StartedToHealthy = clock.Elapsed;
    }

    /// <summary>A client of the native backend that sends <paramref name="caller"/>'s token.</summary>
    public HttpClient CreateClient(Caller caller) =>
        new(new BearerTokenHandler(Tokens, caller) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = BaseAddress };

    /// <summary>A client without a token.</summary>
    public HttpClient CreateAnonymousClient() => new() { BaseAddress = BaseAddress };

    /// <summary>The settings the publisher or the AppHost gives the backend, as environment variables.</summary>
    public Dictionary<string, string> Environment(int port) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["AWS_REGION"] = "us-east-1",
        // DynamoDB Local accepts any credentials; these keep the SDK from searching the machine for real ones.
        ["AWS_ACCESS_KEY_ID"] = DynamoDBLocal.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = DynamoDBLocal.SecretAccessKey,
        ["AWS__ServiceURL"] = _dynamoDB.ServiceUrl,
        ["AWS__Resources__identities__TableName"] = _dynamoDB.TableName,
        ["Cursor__SigningKey"] = SigningKey,
        ["Auth__Authority"] = Provider.Authority.AbsoluteUri,
        ["Auth__RequireHttpsMetadata"] = "false",
        ["Auth__GroupsClaim"] = "groups",
        ["Auth__ScopePrefix"] = "",
        [$"Auth__Clients__{LocalAuthFactory.WebClientId}"] = LocalAuthFactory.WebClientId,
        [$"Auth__Clients__{LocalAuthFactory.MachineClientId}"] = LocalAuthFactory.MachineClientId,
    };

    public async ValueTask DisposeAsync()
    {
        if (_backend is { HasExited: false })
        {
            _backend.Kill(entireProcessTree: true);
            await _backend.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }

        _backend?.Dispose();
        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        await _dynamoDB.DisposeAsync();
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedAotBackend : ICollectionFixture<AotBackendFixture>
{
    public const string Name = "Native AOT backend";
}
