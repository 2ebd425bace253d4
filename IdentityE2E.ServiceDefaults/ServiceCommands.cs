namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a service's binary does besides serving, for containers without a shell: <see cref="HealthProbe.Argument"/>
/// (the container health check) and <see cref="TmpPreparation.Argument"/> (the task's one-shot step). The publisher
/// runs every project service's binary with them, so they answer in <c>AddServiceDefaults</c>, which every service
/// calls, before its host is built: no service can forget them.
/// </summary>
public static class ServiceCommands
{
    /// <summary>Runs the command <paramref name="args"/> ask for and returns its exit code; null when they ask for the service.</summary>
    public static async Task<int?> RunAsync(string[] args) =>
        HealthProbe.IsRequested(args) ? await HealthProbe.RunAsync()
        : TmpPreparation.IsRequested(args) ? TmpPreparation.Run()
        : null;

    /// <summary>When the process was started for a command, runs it and ends the process with its exit code.</summary>
    public static void ExitIfRequested(string[] args)
    {
        // Blocking is fine here: nothing else runs yet, and there is no synchronization context to deadlock on.
        if (RunAsync(args).GetAwaiter().GetResult() is { } exitCode)
        {
            Environment.Exit(exitCode);
        }
    }
}
