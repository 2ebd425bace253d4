using System.ComponentModel;
using System.Diagnostics;

namespace IdentityE2E.Samples.AppHost;

/// <summary>
/// The python3 that runs a Python service on this machine. A pyenv shim on PATH may stand for an interpreter that
/// lacks the service's packages while Debian's /usr/bin/python3 has them (or the other way round), so each candidate
/// is asked to import them, and the AppHost starts the real path of the first that can.
/// </summary>
internal static class PythonInterpreter
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The first of <c>Python:Interpreter</c>, <c>python3</c> on PATH and <c>/usr/bin/python3</c> that imports
    /// <paramref name="modules"/>; in publish mode plain <c>python3</c>, since the image brings its own.
    /// </summary>
    public static string Find(IDistributedApplicationBuilder builder, string service, string[] modules, string install)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return "python3";
        }

        return Find([builder.Configuration["Python:Interpreter"], "python3", "/usr/bin/python3"], service, modules, install);
    }

    /// <summary>The real path of the first candidate that imports <paramref name="modules"/>, or one sentence saying what to install.</summary>
    internal static string Find(IEnumerable<string?> candidates, string service, string[] modules, string install)
    {
        foreach (var candidate in candidates.OfType<string>().Distinct())
        {
            if (TryImport(candidate, modules) is { } executable)
            {
                return executable;
            }
        }

        throw new DistributedApplicationException(
            $"No python3 on this machine imports {string.Join(" and ", modules)}, which {service} needs: install them with '{install}', or set Python:Interpreter to a python3 that has them.");
    }

    private static string? TryImport(string python, string[] modules)
    {
        var start = new ProcessStartInfo(python)
        {
            ArgumentList = { "-c", $"import sys, {string.Join(", ", modules)}; print(sys.executable)" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(AskTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Win32Exception)
        {
            // Not installed at that path.
            return null;
        }
    }
}
