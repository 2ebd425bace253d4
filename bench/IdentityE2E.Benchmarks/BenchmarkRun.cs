using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IdentityE2E.Benchmarks;

/// <summary>
/// The measured run: DynamoDB Local and the sign-in provider, start times of the published services, the
/// backends against the floor in alternating rounds, CPU per request, and memory before and after load.
/// </summary>
internal sealed class BenchmarkRun(BenchOptions options, Report report)
{
    public static readonly string[] Operations = ["get", "list", "create"];
    public static readonly int[] Concurrencies = [1, 8, 32];
    private const string BackendExecutable = "IdentityE2E.Backend";
    private const string FrontendExecutable = "IdentityE2E.Frontend";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly string _cursorKey = LocalAuthProvider.NewSecret();
    private readonly LocalAuthProvider _auth = new();
    private TelemetrySink? _telemetry;
    private string Logs => Path.Combine(options.Work, "logs");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Logs);
        Log("starting DynamoDB Local (in memory)");
        await using var dynamoDB = await DynamoDBLocalFloor.StartAsync(options.Root, FreePort(), Logs, cancellationToken);
        using var client = DynamoDBLocalFloor.CreateClient(dynamoDB.Url);
        await DynamoDBLocalFloor.CreateTableAsync(client, cancellationToken);
        var ids = await DirectSide.SeedAsync(client, 256, cancellationToken);

        Log("starting the local sign-in provider");
        var authPort = FreePort();
        var authStarted = Stopwatch.GetTimestamp();
        await using var auth = await ChildService.Start("local-auth", "dotnet", [options.LocalAuthDll], authPort,
                _auth.Environment(authPort, Path.Combine(options.Work, "local-auth-keys")), Logs, Path.GetDirectoryName(options.LocalAuthDll))
            .WaitHealthyAsync("/health", authStarted, StartTimeout, cancellationToken);
        var token = await _auth.MachineTokenAsync(auth.Url, cancellationToken);
        await using var telemetry = await TelemetrySink.StartAsync(cancellationToken);
        _telemetry = telemetry;

        List<(string Variant, string Executable, Dictionary<string, string> Settings)> backends =
            [("JIT", Path.Combine(options.BackendJit, BackendExecutable), [])];
        if (options.BackendAot is { } aot)
        {
            backends.Add(("AOT", Path.Combine(aot, BackendExecutable), []));
        }

        backends.AddRange(options.Variants.Select(variant => ($"JIT {variant.Name}", Path.Combine(options.BackendJit, BackendExecutable), variant.Environment)));
        foreach (var (variant, executable, settings) in backends)
        {
            Log($"start time: backend {variant}, {options.Starts} starts");
            for (var i = 0; i < options.Starts; i++)
            {
                await using var backend = await StartBackendAsync(variant, executable, settings, dynamoDB.Url, auth.Url, cancellationToken);
                report.AddStart($"backend {variant}", backend.StartedIn);
            }
        }

        var running = new List<(string Variant, ChildService Service, HttpClient Http)>();
        try
        {
            foreach (var (variant, executable, settings) in backends)
            {
                var service = await StartBackendAsync(variant, executable, settings, dynamoDB.Url, auth.Url, cancellationToken);
                running.Add((variant, service, BackendSide.CreateClient(service.Url, token)));
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                report.SetMemory($"backend {variant}", idle: service.Memory(), afterLoad: null);
            }

            await CompareAsync(client, ids, running, dynamoDB, cancellationToken);

            foreach (var (variant, service, http) in options.Focused ? [] : running)
            {
                Log($"memory: backend {variant} under {options.MemoryLoad.TotalSeconds} s of mixed load (get, list, create; 8 callers)");
                var side = BackendSide.Create($"backend-{variant}", http, ids, _run);
                var result = await LoadRun.RunAsync(
                    (sequence, token) => side[Operations[sequence % Operations.Length]](sequence, token), 8, options.MemoryLoad, cancellationToken);
                report.SetMemory($"backend {variant}", idle: null, afterLoad: service.Memory(), result);
            }

            if (!options.SkipFrontend)
            {
                await MeasureFrontendAsync(running[0].Service.Url, auth.Url, cancellationToken);
            }
        }
        finally
        {
            foreach (var (_, service, http) in running)
            {
                http.Dispose();
                await service.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The floor against the backends: warm both (DynamoDB Local's JIT speeds up about threefold as it warms),
    /// then rounds in which every side in turn runs each operation at each concurrency, so drift of the
    /// emulator hits every side alike.
    /// </summary>
    private async Task CompareAsync(
        Amazon.DynamoDBv2.IAmazonDynamoDB client, List<string> ids, List<(string Variant, ChildService Service, HttpClient Http)> backends,
        ChildService dynamoDB, CancellationToken cancellationToken)
    {
        List<(Side Side, ChildService? Process)> sides = [(DirectSide.Create(client, ids, _run), null)];
        sides.AddRange(backends.Select(backend => (BackendSide.Create($"backend {backend.Variant}", backend.Http, ids, _run), (ChildService?)backend.Service)));

        Log($"warm-up: {options.Warmup.TotalSeconds} s per side");
        var slice = options.Warmup / (2 * options.Operations.Count);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var operation in options.Operations)
            {
                foreach (var (side, _) in sides)
                {
                    await LoadRun.RunAsync(side[operation], 8, slice, cancellationToken);
                }
            }
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var operation in options.Operations)
            {
                foreach (var concurrency in options.Callers)
                {
                    var line = new List<string>();
                    foreach (var (side, process) in sides)
                    {
                        var cpuBefore = process?.CpuTime();
                        var emulatorBefore = dynamoDB.CpuTime();
                        var generatorBefore = Environment.CpuUsage.TotalTime;
                        var result = await LoadRun.RunAsync(side[operation], concurrency, options.Round, cancellationToken);
                        if (process is not null && operation == "get")
                        {
                            report.AddGetCpu(side.Name, process.CpuTime() - cpuBefore!.Value, result.Requests);
                        }

                        if (operation == "get")
                        {
                            // Where a GET's CPU goes on this machine: the emulator and the load generator, next to the backend's.
                            report.AddGetCpu($"{side.Name}: DynamoDB Local", dynamoDB.CpuTime() - emulatorBefore, result.Requests);
                            report.AddGetCpu($"{side.Name}: load generator", Environment.CpuUsage.TotalTime - generatorBefore, result.Requests);
                        }

                        report.AddRound(operation, concurrency, side.Name, round, result);
                        line.Add(string.Create(CultureInfo.InvariantCulture, $"{side.Name} {result.Throughput:F0}/s{(result.Errors > 0 ? $" ({result.Errors} errors)" : "")}"));
                    }

                    Log($"round {round}/{options.Rounds} {operation} x{concurrency}: {string.Join(", ", line)}");
                }
            }
        }
    }

    private async Task MeasureFrontendAsync(Uri backend, Uri authority, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(options.Frontend, FrontendExecutable);
        Log($"start time: frontend JIT, {options.Starts} starts");
        for (var i = 0; i < options.Starts; i++)
        {
            await using var once = await StartFrontendAsync(executable, backend, authority, cancellationToken);
            report.AddStart("frontend JIT", once.StartedIn);
        }

        await using var frontend = await StartFrontendAsync(executable, backend, authority, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        report.SetMemory("frontend JIT", idle: frontend.Memory(), afterLoad: null);

        Log($"memory: frontend under {options.MemoryLoad.TotalSeconds} s of page requests (8 callers)");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = frontend.Url };
        var result = await LoadRun.RunAsync(async (_, token) =>
        {
            // Anonymous: the page answers with the sign-in challenge (a redirect to the provider), which
            // runs routing, the auth middleware, data protection of the OIDC state and the metadata cache.
            using var response = await http.GetAsync(new Uri("/", UriKind.Relative), token);
            if ((int)response.StatusCode >= 500)
            {
                throw new HttpRequestException($"GET / answered {(int)response.StatusCode}");
            }
        }, 8, options.MemoryLoad, cancellationToken);
        report.SetMemory("frontend JIT", idle: null, afterLoad: frontend.Memory(), result);
    }

    private async Task<ChildService> StartBackendAsync(
        string variant, string executable, Dictionary<string, string> settings, Uri dynamoDB, Uri authority, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var started = Stopwatch.GetTimestamp();
        var environment = new Dictionary<string, string>(options.BackendEnvironment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDB.AbsoluteUri,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS__Resources__identities__TableName"] = DynamoDBLocalFloor.TableName,
            ["Cursor__SigningKey"] = _cursorKey,
            // What WithReference(auth) gives the backend in run mode (docs/contracts.md).
            ["Auth__Authority"] = authority.AbsoluteUri,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Auth__GroupsClaim"] = "groups",
            [$"Auth__Clients__{LocalAuthProvider.MachineClientId}"] = LocalAuthProvider.MachineClientId,
            [$"Auth__Clients__{LocalAuthProvider.WebClientId}"] = LocalAuthProvider.WebClientId,
        };
        foreach (var (key, value) in _telemetry!.Environment("backend").Concat(settings))
        {
            environment[key] = value;
        }

        var service = ChildService.Start(
            $"backend-{variant.ToLowerInvariant().Replace(' ', '-')}", executable, [], port, environment, Logs, Path.GetDirectoryName(executable));
        try
        {
            return await service.WaitHealthyAsync("/health", started, StartTimeout, cancellationToken);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private async Task<ChildService> StartFrontendAsync(string executable, Uri backend, Uri authority, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var started = Stopwatch.GetTimestamp();
        var service = ChildService.Start("frontend-jit", executable, [], port, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["services__backend__http__0"] = backend.AbsoluteUri.TrimEnd('/'),
            ["Auth__Authority"] = authority.AbsoluteUri,
            ["Auth__ClientId"] = LocalAuthProvider.WebClientId,
            ["Auth__ClientSecret"] = _auth.WebSecret,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Auth__GroupsClaim"] = "groups",
            // All load comes from one address; the per-client limit would otherwise answer 429.
            ["RateLimiting__PermitLimit"] = "1000000",
        }.Concat(_telemetry!.Environment("frontend")).ToDictionary(), Logs, Path.GetDirectoryName(executable));
        try
        {
            return await service.WaitHealthyAsync("/health", started, StartTimeout, cancellationToken);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} {message}"));
}
