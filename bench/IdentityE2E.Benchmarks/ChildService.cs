using System.Diagnostics;
using System.Globalization;

namespace IdentityE2E.Benchmarks;

/// <summary>
/// A published service (or DynamoDB Local) run as a child process on a loopback port, with its output in a
/// log file; knows its CPU time and resident memory from /proc, because that is what a Fargate task pays for.
/// </summary>
internal sealed class ChildService : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildService(string name, Process process, StreamWriter log, Uri url)
    {
        Name = name;
        _process = process;
        _log = log;
        Url = url;
    }

    public string Name { get; }

    public Uri Url { get; }

    public int Pid => _process.Id;

    /// <summary>From <see cref="Start"/> to the first healthy answer of /health.</summary>
    public TimeSpan StartedIn { get; private set; }

    public static ChildService Start(
        string name, string fileName, IEnumerable<string> arguments, int port, IReadOnlyDictionary<string, string> environment, string logDirectory,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root, as in the container image (WORKDIR /app): appsettings.json is read from there.
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log"), append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildService(name, process, log, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
    }

    /// <summary>Polls <paramref name="path"/> every few milliseconds until it answers 200; the process start counts from <see cref="Start"/>.</summary>
    public async Task<ChildService> WaitHealthyAsync(string path, long startedAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was healthy; see its log.");
            }

            try
            {
                using var response = await Probe.GetAsync(new Uri(Url, path), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    StartedIn = Stopwatch.GetElapsedTime(startedAt);
                    return this;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out while the service starts.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{Name} was not healthy at {Url}{path.TrimStart('/')} within {timeout.TotalSeconds} s; see its log.");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>User plus system CPU time of the process so far.</summary>
    public TimeSpan CpuTime() => ProcessStats.CpuTime(Pid);

    public ProcessMemory Memory() => ProcessStats.Memory(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
