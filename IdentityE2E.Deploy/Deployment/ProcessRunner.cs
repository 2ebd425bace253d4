using System.Diagnostics;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Runs the steps for real, printing each before it starts and how long it took when it ends. A quiet step shows a
/// spinner with its elapsed time while it runs (<paramref name="progress"/>: on a terminal only).
/// </summary>
internal sealed class ProcessRunner(TextWriter output, Progress? progress = null) : ICommandRunner
{
    private readonly List<StepRecord> steps = [];

    public IReadOnlyList<StepRecord> Steps => steps;

    public void Step(string title, string? detail = null)
    {
        steps.Add(new StepRecord(steps.Count + 1, title, null, TimeSpan.Zero, StepOutcome.Succeeded));
        output.WriteLine($"[{steps.Count,2}] {title}");
        if (detail is not null)
        {
            output.WriteLine($"      {detail}");
        }
    }

    public void Stream(string title, PlannedCommand command) => Timed(title, command, () =>
    {
        using var process = Start(command, capture: false);
        WriteInput(process, command);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new DeployException($"'{title}' failed (exit code {process.ExitCode}); see the output above. Nothing after it ran.");
        }

        return string.Empty;
    });

    public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null) => Timed(title, command, () =>
    {
        var (exitCode, stdout, stderr) = Quietly(title, () => RunCaptured(command));
        if (exitCode != 0)
        {
            throw new DeployException($"'{title}' failed (exit code {exitCode}): {stderr.Trim().Split('\n')[0]}");
        }

        var value = stdout.Trim();
        output.WriteLine(secretOutput ? "      -> (received, kept in memory only)" : $"      -> {value}");
        check?.Invoke(value);
        return value;
    });

    public bool Succeeds(string title, PlannedCommand command) => Timed(title, command, () =>
    {
        var (exitCode, _, _) = Quietly(title, () => RunCaptured(command));
        output.WriteLine(exitCode == 0 ? "      -> yes" : "      -> no");
        return exitCode == 0;
    });

    /// <summary>A tool that is missing answers no, like one whose daemon is down.</summary>
    public bool Probe(string title, PlannedCommand command) => Timed(title, command, () =>
    {
        var answers = LocalProbe.Answers(command);
        output.WriteLine(answers ? "      -> yes" : "      -> no");
        return answers;
    });

    public (int ExitCode, string Output) Report(string title, PlannedCommand command, string placeholder) => Timed(title, command, () =>
    {
        var (exitCode, stdout, stderr) = Quietly(title, () => RunCaptured(command));
        output.WriteLine($"      -> exit code {exitCode}");
        return (exitCode, stdout + stderr);
    });

    /// <summary>Runs quietly: the procedure prints what changed between looks, not every look.</summary>
    public string Poll(string title, PlannedCommand command, string placeholder)
    {
        var (exitCode, stdout, stderr) = RunCaptured(command);
        return exitCode == 0
            ? stdout.Trim()
            : throw new DeployException($"'{title}' failed (exit code {exitCode}): {stderr.Trim().Split('\n')[0]}");
    }

    public void Perform(string title, string detail, Action action) => Timed(title, null, () =>
    {
        output.WriteLine($"      {detail}");
        using var spinner = progress?.Start(title);
        action();
        return true;
    });

    public string Read(string title, string detail, Func<string> read, string placeholder) => Timed(title, null, () =>
    {
        var value = read();
        output.WriteLine($"      -> {value}");
        return value;
    });

    /// <summary>Numbers and prints the step, records its time and outcome, and says how long a step of a second or more took.</summary>
    private T Timed<T>(string title, PlannedCommand? command, Func<T> run)
    {
        var number = steps.Count + 1;
        steps.Add(new StepRecord(number, title, command?.Display, TimeSpan.Zero, StepOutcome.Failed));
        output.WriteLine($"[{number,2}] {title}");
        if (command is not null)
        {
            output.WriteLine($"      $ {command.Display}");
        }

        output.Flush();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var result = run();
            steps[number - 1] = steps[number - 1] with { Duration = clock.Elapsed, Outcome = StepOutcome.Succeeded };
            if (clock.Elapsed >= TimeSpan.FromSeconds(1))
            {
                output.WriteLine($"      -> done in {RunSummary.Duration(clock.Elapsed)}");
            }

            return result;
        }
        catch
        {
            steps[number - 1] = steps[number - 1] with { Duration = clock.Elapsed };
            throw;
        }
    }

    private T Quietly<T>(string title, Func<T> run)
    {
        using var spinner = progress?.Start(title);
        return run();
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
