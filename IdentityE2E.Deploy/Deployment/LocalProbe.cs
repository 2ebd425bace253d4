using System.Diagnostics;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>Asks a local tool whether it works (<c>docker info</c>): exit 0 within a few seconds, output discarded.</summary>
internal static class LocalProbe
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static bool Answers(PlannedCommand command)
    {
        var info = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            // Drained, so a chatty tool never blocks on a full pipe before it exits.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Deadline))
            {
                // A daemon that does not answer in time cannot build either.
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not installed.
            return false;
        }
    }
}
