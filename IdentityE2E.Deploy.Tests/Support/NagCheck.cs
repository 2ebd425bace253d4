using System.Diagnostics;

namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>Runs the gate script exactly as CI does: <c>node tools/nag-check.mjs &lt;templates&gt;</c>.</summary>
internal static class NagCheck
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> templates, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = TestPaths.Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(TestPaths.Repository.ToolsDirectory, "nag-check.mjs"));
        foreach (var template in templates)
        {
            info.ArgumentList.Add(template);
        }

        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
