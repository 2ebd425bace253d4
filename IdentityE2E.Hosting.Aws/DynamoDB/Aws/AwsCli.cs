using System.ComponentModel;
using System.Diagnostics;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Runs one AWS CLI command and returns how it ended; the seam the AWS mode is tested through.</summary>
internal interface IAwsCli
{
    Task<AwsCliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

/// <summary>How an AWS CLI command ended: its exit code and what it printed.</summary>
internal sealed record AwsCliResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The CLI's own explanation: the first line it wrote to stderr (or stdout when stderr is empty).</summary>
    public string Reason =>
        (Error + "\n" + Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
        ?? $"exit code {ExitCode}";
}

/// <summary>The <c>aws</c> executable (or the one <c>AWS:Cli</c> names), run as a child process.</summary>
internal sealed class AwsCliProcess(string executable) : IAwsCli
{
    public async Task<AwsCliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // v2 pipes JSON through a pager, which would wait for a key press that never comes.
            Environment = { ["AWS_PAGER"] = "" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new AwsModeException(
                $"The AWS CLI '{executable}' does not run ({exception.Message}).",
                "Install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) or set AWS:Cli to its path.");
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new AwsCliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>
/// Why the AWS mode cannot go on, and the one thing to do about it; shown on the dashboard and on the console.
/// </summary>
internal sealed class AwsModeException(string problem, string action) : Exception($"{problem} {action}")
{
    public string Problem { get; } = problem;

    public string Action { get; } = action;
}
