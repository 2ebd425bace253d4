using System.Diagnostics;

namespace IdentityE2E.Migration;

/// <summary>Spaces row starts evenly so all writers together stay under --max-rate rows per second.</summary>
internal sealed class RatePacer(double? rowsPerSecond)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _issued;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (rowsPerSecond is not { } rate)
        {
            return;
        }

        var slot = TimeSpan.FromSeconds((Interlocked.Increment(ref _issued) - 1) / rate);
        var wait = slot - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
