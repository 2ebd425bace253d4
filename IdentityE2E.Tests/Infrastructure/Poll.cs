namespace IdentityE2E.Tests.Infrastructure;

/// <summary>Waits for a condition by polling it with a deadline; tests never sleep for a fixed time.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), cancellationToken, deadline);

    /// <summary>Waits for a condition that has to be asked over the network.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, TimeSpan? deadline = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline ?? DefaultDeadline);
        while (!await condition())
        {
            await Task.Delay(Interval, timeout.Token);
        }
    }

    /// <summary>Repeats an action until its result satisfies the condition, and returns that result.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> action, Func<T, bool> condition, CancellationToken cancellationToken, TimeSpan? deadline = null)
        where T : IDisposable
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline ?? DefaultDeadline);
        while (true)
        {
            var result = await action();
            if (condition(result))
            {
                return result;
            }

            result.Dispose();
            await Task.Delay(Interval, timeout.Token);
        }
    }
}
