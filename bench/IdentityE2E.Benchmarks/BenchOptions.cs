namespace IdentityE2E.Benchmarks;

/// <summary>What bench/run.sh built and where, and how long to measure (full or --quick).</summary>
internal sealed record BenchOptions(
    string Root,
    string Work,
    string BackendJit,
    string? BackendAot,
    string? BackendAotError,
    string Frontend,
    string LocalAuthDll,
    bool Quick,
    string? ExtrasFile,
    string JsonPath,
    string MarkdownPath,
    IReadOnlyList<string> Operations,
    IReadOnlyList<int> Callers,
    IReadOnlyDictionary<string, string> BackendEnvironment,
    bool SkipFrontend)
{
    public TimeSpan Warmup => TimeSpan.FromSeconds(Quick ? 6 : 30);

    public TimeSpan Round => TimeSpan.FromSeconds(RoundSeconds ?? (Quick ? 1 : 3));

    public int Rounds => RoundCount ?? (Quick ? 2 : 3);

    /// <summary>Overrides of the round length and count (<c>--round-seconds</c>, <c>--rounds</c>), e.g. to attach a profiler.</summary>
    public double? RoundSeconds { get; init; }

    public int? RoundCount { get; init; }

    public TimeSpan MemoryLoad => TimeSpan.FromSeconds(Quick ? 10 : 60);

    public int Starts => StartCount ?? (Quick ? 3 : 5);

    public int? StartCount { get; init; }

    /// <summary>
    /// Extra JIT backends with settings of their own, measured alongside the others in the same rounds
    /// (<c>--variant name:Key=Value,Key=Value</c>): the way to see what one setting costs, on the same warm emulator.
    /// </summary>
    public IReadOnlyList<(string Name, Dictionary<string, string> Environment)> Variants { get; init; } = [];

    /// <summary>For profiling one change: <c>--operations get --callers 32 --backend-env Name=Value --skip-frontend</c>.</summary>
    public bool Focused => Operations.Count < BenchmarkRun.Operations.Length || Callers.Count < BenchmarkRun.Concurrencies.Length;

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        string Required(string name) => Value(name) ?? throw new ArgumentException($"{name} is required (bench/run.sh passes it).");
        var work = Required("--work");
        return new BenchOptions(
            Required("--root"),
            work,
            Required("--backend-jit"),
            Value("--backend-aot"),
            Value("--backend-aot-error"),
            Required("--frontend"),
            Required("--localauth"),
            args.Contains("--quick"),
            Value("--extras"),
            Value("--json") ?? Path.Combine(work, "latest.json"),
            Value("--markdown") ?? Path.Combine(work, "latest.md"),
            Value("--operations")?.Split(',') ?? BenchmarkRun.Operations,
            Value("--callers")?.Split(',').Select(int.Parse).ToArray() ?? BenchmarkRun.Concurrencies,
            args.Select((arg, i) => (arg, i)).Where(pair => pair.arg == "--backend-env" && pair.i + 1 < args.Length)
                .Select(pair => args[pair.i + 1].Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]),
            args.Contains("--skip-frontend"))
        {
            RoundSeconds = Value("--round-seconds") is { } seconds ? double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) : null,
            RoundCount = Value("--rounds") is { } rounds ? int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture) : null,
            StartCount = Value("--starts") is { } starts ? int.Parse(starts, System.Globalization.CultureInfo.InvariantCulture) : null,
            Variants = [.. args.Select((arg, i) => (arg, i)).Where(pair => pair.arg == "--variant" && pair.i + 1 < args.Length)
                .Select(pair => args[pair.i + 1].Split(':', 2))
                .Select(parts => (parts[0], parts.Length < 2 ? [] : parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(setting => setting.Split('=', 2)).ToDictionary(setting => setting[0], setting => setting.Length > 1 ? setting[1] : "")))],
        };
    }
}
