using System.Diagnostics;

namespace IdentityE2E.Benchmarks;

/// <summary>Requests per second and latency percentiles of one closed-loop run.</summary>
internal sealed record LoadResult(long Requests, long Errors, TimeSpan Elapsed, long[] LatencyTicks)
{
    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double PercentileMs(double percentile) => Percentile(LatencyTicks, percentile);

    public static double Percentile(long[] sortedTicks, double percentile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Clamp((int)Math.Ceiling(percentile / 100 * sortedTicks.Length) - 1, 0, sortedTicks.Length - 1);
        return sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// A closed loop: <c>concurrency</c> callers each issue the next call as soon as the last one answered, for a
/// fixed time. The same loop drives the SDK and the HTTP side, so both pay the same generator overhead.
/// </summary>
internal static class LoadRun
{
    private static long s_sequence;

    public static async Task<LoadResult> RunAsync(Operation operation, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<long>[concurrency];
        var errors = 0L;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            var own = latencies[caller] = new List<long>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var before = Stopwatch.GetTimestamp();
                try
                {
                    await operation(Interlocked.Increment(ref s_sequence), cancellationToken);
                    own.Add(Stopwatch.GetTimestamp() - before);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        await Console.Error.WriteLineAsync($"  first error: {exception.GetType().Name}: {exception.Message}");
                    }
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(callers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = latencies.SelectMany(list => list).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, errors, elapsed, all);
    }
}
