using System.Diagnostics;

namespace IdentityE2E.Migration;

/// <summary>Counts per outcome, updated by parallel writers, and the console's progress line (at most once a second).</summary>
internal sealed class ImportProgress(TextWriter output, Func<double> fractionRead, Action<long>? rowsDone = null)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _lastPrinted = TimeSpan.Zero;
    private long _read;
    private long _written;
    private long _skipped;
    private long _rejected;

    public long Read => Interlocked.Read(ref _read);

    public long Written => Interlocked.Read(ref _written);

    public long Skipped => Interlocked.Read(ref _skipped);

    public long Rejected => Interlocked.Read(ref _rejected);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void CountRead() => Interlocked.Increment(ref _read);

    public void Count(RowOutcome outcome)
    {
        _ = outcome switch
        {
            RowOutcome.Written => Interlocked.Increment(ref _written),
            RowOutcome.Skipped => Interlocked.Increment(ref _skipped),
            _ => Interlocked.Increment(ref _rejected),
        };
        rowsDone?.Invoke(Written + Skipped + Rejected);
        PrintIfDue();
    }

    public string Line()
    {
        var done = Written + Skipped + Rejected;
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var fraction = fractionRead();
        var left = fraction is > 0 and < 1 ? TimeSpan.FromSeconds(seconds * (1 - fraction) / fraction) : TimeSpan.Zero;
        return $"read {Read}, written {Written}, skipped {Skipped}, rejected {Rejected}, {rate:F0} rows/s, {left:hh\\:mm\\:ss} left";
    }

    private void PrintIfDue()
    {
        lock (_gate)
        {
            if (_clock.Elapsed - _lastPrinted < Interval)
            {
                return;
            }

            _lastPrinted = _clock.Elapsed;
            output.WriteLine(Line());
        }
    }
}
