using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.AppHost.Dashboard;

/// <summary>
/// Runs the migration tool's <c>import</c> on a file from a dashboard command: it names the file, starts the
/// migration resource as the dashboard's Start button does, and waits for the run to end. So the dashboard's
/// commands write identities through the tool's rules (the same library the API uses), and the run's summary lands
/// in the migration resource's console like any other run.
/// </summary>
internal sealed class MigrationImports(string resourceName, string? configuredSource)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);
    private int _running;

    /// <summary>The file the next start imports: the last one a command imported, else <c>Migration:Source</c>.</summary>
    public string? Source { get; private set; } = configuredSource;

    public async Task<ExecuteCommandResult> ImportAsync(string path, string what, ExecuteCommandContext context)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return CommandResults.Failure("An import is already running; wait until it ends.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            timeout.CancelAfter(RunTimeout);
            var services = context.Services;
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var migration = services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == resourceName);
            var current = await notifications.WaitForResourceAsync(resourceName, _ => true, timeout.Token);
            if (current.Snapshot.State?.Text is { } state && !IsIdle(state))
            {
                return CommandResults.Failure($"'{resourceName}' is {state}; wait until it ends, then try again.");
            }

            Source = path;
            var startedAt = DateTime.UtcNow;
            // Watch before starting, so that a run that ends quickly is not missed.
            var ended = WaitForRunToEndAsync(notifications, startedAt, timeout.Token);
            var start = await services.GetRequiredService<ResourceCommandService>()
                .ExecuteCommandAsync(migration, KnownResourceCommands.StartCommand, timeout.Token);
            if (!start.Success)
            {
                return CommandResults.Failure($"Could not start '{resourceName}': {start.Message}");
            }

            var exitCode = await ended;
            return exitCode == 0
                ? CommandResults.Success($"Imported {what}; the summary is in the console of '{resourceName}'.")
                : CommandResults.Failure($"The import of {what} ended with exit code {exitCode}; see the console of '{resourceName}'.");
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private static bool IsIdle(string state) => state == KnownResourceStates.NotStarted || KnownResourceStates.TerminalStates.Contains(state);

    private async Task<int?> WaitForRunToEndAsync(ResourceNotificationService notifications, DateTime startedAt, CancellationToken cancellationToken)
    {
        var sawItRun = false;
        await foreach (var update in notifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != resourceName || update.Snapshot.State?.Text is not { } state)
            {
                continue;
            }

            if (!IsIdle(state))
            {
                sawItRun = true;
            }
            else if (KnownResourceStates.TerminalStates.Contains(state) && (sawItRun || update.Snapshot.StopTimeStamp >= startedAt))
            {
                return update.Snapshot.ExitCode;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }
}
