using System.Diagnostics;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>Runs the steps for real, printing each before it starts.</summary>
internal sealed class ProcessRunner(TextWriter output) : ICommandRunner
{
    private int step;

    public bool IsDryRun => false;

    public void Step(string title, string? detail = null)
    {
        output.WriteLine($"[{++step,2}] {title}");
        if (detail is not null)
        {
            output.WriteLine($"      {detail}");
        }
    }

    public void Stream(string title, PlannedCommand command)
    {
        Announce(title, command);
        using var process = Start(command, capture: false);
        WriteInput(process, command);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new DeployException($"'{title}' failed (exit code {process.ExitCode}); see the output above. Nothing after it ran.");
        }
    }

    public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false)
    {
        Announce(title, command);
        var (exitCode, stdout, stderr) = RunCaptured(command);
        if (exitCode != 0)
        {
            throw new DeployException($"'{title}' failed (exit code {exitCode}): {stderr.Trim().Split('\n')[0]}");
        }

        var value = stdout.Trim();
        output.WriteLine(secretOutput ? "      -> (received, kept in memory only)" : $"      -> {value}");
        return value;
    }

    public bool Succeeds(string title, PlannedCommand command)
    {
        Announce(title, command);
        var (exitCode, _, _) = RunCaptured(command);
        output.WriteLine(exitCode == 0 ? "      -> yes" : "      -> no");
        return exitCode == 0;
    }

    /// <summary>A tool that is missing answers no, like one whose daemon is down.</summary>
    public bool Probe(string title, PlannedCommand command)
    {
        Announce(title, command);
        var answers = LocalProbe.Answers(command);
        output.WriteLine(answers ? "      -> yes" : "      -> no");
        return answers;
    }

    public (int ExitCode, string Output) Report(string title, PlannedCommand command, string placeholder)
    {
        Announce(title, command);
        var (exitCode, stdout, stderr) = RunCaptured(command);
        output.WriteLine($"      -> exit code {exitCode}");
        return (exitCode, stdout + stderr);
    }

    /// <summary>Runs quietly: the procedure prints what changed between looks, not every look.</summary>
    public string Poll(string title, PlannedCommand command, string placeholder)
    {
        var (exitCode, stdout, stderr) = RunCaptured(command);
        return exitCode == 0
            ? stdout.Trim()
            : throw new DeployException($"'{title}' failed (exit code {exitCode}): {stderr.Trim().Split('\n')[0]}");
    }

    private void Announce(string title, PlannedCommand command)
    {
        output.WriteLine($"[{++step,2}] {title}");
        output.WriteLine($"      $ {command.Display}");
        output.Flush();
    }

    private static (int ExitCode, string Stdout, string Stderr) RunCaptured(PlannedCommand command)
    {
        using var process = Start(command, capture: true);
        WriteInput(process, command);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static void WriteInput(Process process, PlannedCommand command)
    {
        if (command.SecretStandardInput is { } input)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
    }

    private static Process Start(PlannedCommand command, bool capture)
    {
        var info = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = capture,
            RedirectStandardError = capture,
            RedirectStandardInput = command.SecretStandardInput is not null,
            WorkingDirectory = command.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in command.Environment.Concat(command.SecretEnvironment))
        {
            info.Environment[key] = value;
        }

        try
        {
            return Process.Start(info) ?? throw new DeployException($"Could not start {command.Program}.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new DeployException($"Could not start '{command.Program}' ({exception.Message}); is it installed and on PATH? See README, Deploy to AWS, prerequisites.");
        }
    }
}
