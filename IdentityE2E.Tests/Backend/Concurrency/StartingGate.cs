namespace IdentityE2E.Tests.Backend.Concurrency;

/// <summary>Releases many calls at the same instant, so they race for real instead of trickling in.</summary>
public static class StartingGate
{
    /// <summary>Prepares every call, then opens the gate and waits for all of them.</summary>
    public static async Task<T[]> RunTogetherAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, count).Select(async index =>
        {
            await gate.Task;
            return await call(index);
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(calls);
    }

    /// <summary>Opens as many connections as there will be racers, so that none pays for a TCP handshake in the race.</summary>
    public static async Task WarmUpAsync(HttpClient client, int connections, CancellationToken cancellationToken)
    {
        var responses = await RunTogetherAsync(connections, _ => client.GetAsync("/alive", cancellationToken));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
