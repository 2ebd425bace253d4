using IdentityE2E.Deploy.Cli;

namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>The deploy tool's command line, run in-process as a user would type it, with what it prints.</summary>
internal static class DeployTool
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CommandLine.Run(args, Commands.All, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
