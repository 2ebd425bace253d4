using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using static System.FormattableString;

namespace IdentityE2E.Benchmarks;

/// <summary>Everything one run measured, as the Markdown table the README shows and as JSON.</summary>
internal sealed class Report(BenchOptions options)
{
    // Compressed sizes of the base images (linux/amd64), as given in issue 11 for the 10.0 noble-chiseled tags on
    // mcr.microsoft.com; check the current figure with `docker manifest inspect -v <image>` (sum of layer sizes).
    public const string RuntimeDepsBase = "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled";
    public const double RuntimeDepsBaseMiB = 12.5;
    public const string AspNetBase = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled";
    public const double AspNetBaseMiB = 50;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // A side that failed every call has no percentile: NaN, not an exception at the end of a long run.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly List<RoundRecord> _rounds = [];
    private readonly Dictionary<string, (TimeSpan Cpu, long Requests)> _getCpu = [];
    private readonly Dictionary<string, List<double>> _starts = [];
    private readonly Dictionary<string, MemoryRecord> _memory = [];

    public void AddRound(string operation, int concurrency, string side, int round, LoadResult result) =>
        _rounds.Add(new RoundRecord(operation, concurrency, side, round, result));

    public void AddGetCpu(string side, TimeSpan cpu, long requests)
    {
        var (sum, count) = _getCpu.GetValueOrDefault(side);
        _getCpu[side] = (sum + cpu, count + requests);
    }

    public void AddStart(string service, TimeSpan startedIn)
    {
        if (!_starts.TryGetValue(service, out var list))
        {
            _starts[service] = list = [];
        }

        list.Add(startedIn.TotalMilliseconds);
    }

    public void SetMemory(string process, ProcessMemory? idle, ProcessMemory? afterLoad, LoadResult? load = null)
    {
        var record = _memory.GetValueOrDefault(process) ?? new MemoryRecord(null, null, null);
        _memory[process] = new MemoryRecord(idle ?? record.Idle, afterLoad ?? record.AfterLoad, load?.Throughput ?? record.LoadThroughput);
    }

    private Dictionary<string, string> Extras { get; } = ReadExtras(options.ExtrasFile);

    private IEnumerable<string> Sides => _rounds.Select(round => round.Side).Distinct();

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var backends = Sides.Where(side => side != "direct").ToList();
        text.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Extras.GetValueOrDefault("machine", Environment.ProcessorCount + " cores")}; {options.Rounds} alternating rounds of {options.Round.TotalSeconds:F0} s per cell after {options.Warmup.TotalSeconds:F0} s of warm-up per side{(options.Quick ? " (--quick)" : "")}."));
        text.AppendLine();
        text.AppendLine("**Backend vs the DynamoDB floor** (requests/s, median of the rounds; p50 and p99 in ms over all rounds)");
        text.AppendLine();
        var header = new StringBuilder("| Operation | Callers | Direct SDK | p50 | p99 |");
        var rule = new StringBuilder("|---|---:|---:|---:|---:|");
        foreach (var variant in new[] { "JIT", "AOT" })
        {
            header.Append(Invariant($" Backend {variant} | p50 | p99 | × direct |"));
            rule.Append("---:|---:|---:|---:|");
        }

        text.AppendLine(header.ToString()).AppendLine(rule.ToString());
        foreach (var operation in options.Operations)
        {
            foreach (var concurrency in options.Callers)
            {
                var direct = Cell(operation, concurrency, "direct");
                var line = new StringBuilder(Invariant($"| {OperationName(operation)} | {concurrency} | {direct.Throughput:F0} | {direct.P50:F1} | {direct.P99:F1} |"));
                foreach (var variant in new[] { "JIT", "AOT" })
                {
                    var side = $"backend {variant}";
                    if (!backends.Contains(side))
                    {
                        line.Append(" n/a | | | |");
                        continue;
                    }

                    var backend = Cell(operation, concurrency, side);
                    line.Append(Invariant($" {backend.Throughput:F0}{Errors(backend.Errors)} | {backend.P50:F1} | {backend.P99:F1} | **{backend.Throughput / direct.Throughput:F2}** |"));
                }

                text.AppendLine(line.ToString());
            }
        }

        if (options.BackendAot is null)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"AOT: {NotMeasured("AOT")}."));
        }

        text.AppendLine();
        text.AppendLine("Where a GET's CPU goes on this machine (CPU ms per 1,000 GETs over all GET rounds; every process shares the same cores, so a side's throughput follows its total):");
        text.AppendLine();
        text.AppendLine("| Side | DynamoDB Local | Load generator | Backend | Total |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var side in Sides)
        {
            var emulator = CpuMsPerThousand($"{side}: DynamoDB Local");
            var generator = CpuMsPerThousand($"{side}: load generator");
            var backend = side == "direct" ? 0 : CpuMsPerThousand(side);
            text.AppendLine(Invariant($"| {(side == "direct" ? "Direct SDK" : side)} | {emulator:F0} | {generator:F0} | {(side == "direct" ? "–" : backend.ToString("F0", CultureInfo.InvariantCulture))} | {emulator + generator + backend:F0} |"));
        }

        text.AppendLine();
        text.AppendLine("| Backend | JIT | AOT |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine(Invariant($"| CPU ms per 1,000 GET (all GET rounds) | {CpuPerThousand("backend JIT")} | {CpuPerThousand("backend AOT")} |"));
        text.AppendLine(Invariant($"| Start to healthy /health, median of {options.Starts} (ms) | {StartMedian("backend JIT")} | {StartMedian("backend AOT")} |"));
        text.AppendLine(Invariant($"| RSS idle / after {options.MemoryLoad.TotalSeconds:F0} s of load / peak (MiB) | {Memory("backend JIT")} | {Memory("backend AOT")} |"));
        text.AppendLine(Invariant($"| Published size / app layer gzip / image on its base (MiB) | {Size(options.BackendJit, AspNetBaseMiB)} | {(options.BackendAot is { } aot ? Size(aot, RuntimeDepsBaseMiB) : NotMeasured("AOT"))} |"));
        text.AppendLine();
        text.AppendLine("| Frontend (Blazor Server, JIT) | |");
        text.AppendLine("|---|---:|");
        text.AppendLine(Invariant($"| Start to healthy /health, median of {options.Starts} (ms) | {StartMedian("frontend JIT")} |"));
        text.AppendLine(Invariant($"| RSS idle / after {options.MemoryLoad.TotalSeconds:F0} s of load / peak (MiB) | {Memory("frontend JIT")} |"));
        text.AppendLine(Invariant($"| Published size / app layer gzip / image on its base (MiB) | {Size(options.Frontend, AspNetBaseMiB)} |"));
        text.AppendLine();
        text.AppendLine("| AppHost `dotnet run` to all resources healthy | seconds |");
        text.AppendLine("|---|---:|");
        text.AppendLine(Invariant($"| Warm (nothing changed) | {Extras.GetValueOrDefault("apphost.warm", "skipped")} |"));
        text.AppendLine(Invariant($"| After a one-line change in the backend | {Extras.GetValueOrDefault("apphost.changed", "skipped")} |"));
        text.AppendLine();
        var baseline = Extras.GetValueOrDefault("cost.baseline", "baseline");
        text.AppendLine(Invariant($"| `synth` estimate (USD/month) | before ({baseline}) | after (this tree) |"));
        text.AppendLine("|---|---:|---:|");
        foreach (var environment in new[] { "dev", "prod" })
        {
            text.AppendLine(Invariant($"| {environment} | {Extras.GetValueOrDefault($"cost.{environment}.before", "n/a")} | {Extras.GetValueOrDefault($"cost.{environment}.after", "n/a")} |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Image sizes are the gzip-compressed app layer plus the compressed base: {AspNetBase} ≈ {AspNetBaseMiB} MiB for framework-dependent (JIT) services, {RuntimeDepsBase} ≈ {RuntimeDepsBaseMiB} MiB for Native AOT (figures of issue 11)."));
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        measuredAt = DateTime.UtcNow,
        machine = Extras.GetValueOrDefault("machine"),
        quick = options.Quick,
        roundSeconds = options.Round.TotalSeconds,
        rounds = options.Rounds,
        warmupSeconds = options.Warmup.TotalSeconds,
        aotPublishError = options.BackendAotError,
        throughput = options.Operations.SelectMany(operation => options.Callers.SelectMany(concurrency => Sides.Select(side =>
        {
            var cell = Cell(operation, concurrency, side);
            return new
            {
                operation,
                concurrency,
                side,
                requestsPerSecond = cell.Throughput,
                p50Ms = cell.P50,
                p99Ms = cell.P99,
                errors = cell.Errors,
                ratioToDirect = cell.Throughput / Cell(operation, concurrency, "direct").Throughput,
                perRound = _rounds.Where(r => r.Operation == operation && r.Concurrency == concurrency && r.Side == side)
                    .Select(r => new { r.Round, requestsPerSecond = r.Result.Throughput, p50Ms = r.Result.PercentileMs(50), p99Ms = r.Result.PercentileMs(99) }),
            };
        }))),
        cpuMsPer1000Get = _getCpu.ToDictionary(pair => pair.Key, pair => pair.Value.Cpu.TotalMilliseconds * 1000 / pair.Value.Requests),
        startMs = _starts.ToDictionary(pair => pair.Key, pair => new { median = Median(pair.Value), all = pair.Value }),
        memoryMiB = _memory,
        sizes = new
        {
            backendJit = SizeOf(options.BackendJit, AspNetBaseMiB),
            backendAot = options.BackendAot is { } aot ? SizeOf(aot, RuntimeDepsBaseMiB) : null,
            frontendJit = SizeOf(options.Frontend, AspNetBaseMiB),
            bases = new Dictionary<string, double> { [AspNetBase] = AspNetBaseMiB, [RuntimeDepsBase] = RuntimeDepsBaseMiB },
        },
        extras = Extras,
    }, JsonOptions);

    private (double Throughput, double P50, double P99, long Errors) Cell(string operation, int concurrency, string side)
    {
        var rounds = _rounds.Where(r => r.Operation == operation && r.Concurrency == concurrency && r.Side == side).ToList();
        if (rounds.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN, 0);
        }

        var latencies = rounds.SelectMany(r => r.Result.LatencyTicks).ToArray();
        Array.Sort(latencies);
        return (Median(rounds.Select(r => r.Result.Throughput)), LoadResult.Percentile(latencies, 50), LoadResult.Percentile(latencies, 99), rounds.Sum(r => r.Result.Errors));
    }

    private string NotMeasured(string variant) => variant == "AOT" && options.BackendAot is null
        ? $"n/a (publish failed: {options.BackendAotError ?? "not published"})"
        : "n/a";

    private double CpuMsPerThousand(string key) => _getCpu.TryGetValue(key, out var cpu) && cpu.Requests > 0
        ? cpu.Cpu.TotalMilliseconds * 1000 / cpu.Requests
        : double.NaN;

    private string CpuPerThousand(string side) => _getCpu.TryGetValue(side, out var cpu) && cpu.Requests > 0
        ? Invariant($"{cpu.Cpu.TotalMilliseconds * 1000 / cpu.Requests:F0}")
        : NotMeasured(side.Split(' ')[^1]);

    private string StartMedian(string service) => _starts.TryGetValue(service, out var all)
        ? Invariant($"{Median(all):F0}")
        : NotMeasured(service.Split(' ')[^1]);

    private string Memory(string process) => _memory.TryGetValue(process, out var memory)
        ? Invariant($"{memory.Idle?.RssMiB:F0} / {memory.AfterLoad?.RssMiB:F0} / {memory.AfterLoad?.PeakMiB:F0}")
        : NotMeasured(process.Split(' ')[^1]);

    private static string Size(string directory, double baseMiB)
    {
        var size = SizeOf(directory, baseMiB);
        return Invariant($"{size.PublishedMiB:F1} / {size.LayerGzipMiB:F1} / {size.ImageMiB:F0}");
    }

    /// <summary>What goes into the image: the publish folder without symbol files, and its gzip size as a layer.</summary>
    private static SizeRecord SizeOf(string directory, double baseMiB)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".pdb", StringComparison.Ordinal) && !file.EndsWith(".dbg", StringComparison.Ordinal))
            .ToList();
        var published = files.Sum(file => new FileInfo(file).Length);
        var counter = new CountingStream();
        using (var gzip = new GZipStream(counter, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var file in files)
            {
                tar.WriteEntry(file, Path.GetRelativePath(directory, file));
            }
        }

        const double MiB = 1024 * 1024;
        return new SizeRecord(published / MiB, counter.Length / MiB, baseMiB + counter.Length / MiB);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Errors(long errors) => errors > 0 ? Invariant($" ({errors} errors)") : "";

    private static string OperationName(string operation) => operation switch
    {
        "get" => "GET by id",
        "list" => "List first page",
        _ => "Create",
    };

    private static Dictionary<string, string> ReadExtras(string? file) => file is null || !File.Exists(file)
        ? []
        : File.ReadAllLines(file)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1].Trim(), StringComparer.Ordinal);

    private sealed record RoundRecord(string Operation, int Concurrency, string Side, int Round, LoadResult Result);

    internal sealed record MemoryRecord(ProcessMemory? Idle, ProcessMemory? AfterLoad, double? LoadThroughput);

    internal sealed record SizeRecord(double PublishedMiB, double LayerGzipMiB, double ImageMiB);

    /// <summary>Counts what is written, so the compressed size is known without keeping the archive.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Position += buffer.Length;
    }
}
