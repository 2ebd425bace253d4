namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Prints every step and command and runs none of them, except probes of local tools (<c>docker info</c>), which change
/// nothing: <paramref name="probe"/> answers them, by default by running them, so the plan shows the real path.
/// </summary>
internal sealed class DryRunRunner(TextWriter output, Func<PlannedCommand, bool>? probe = null) : ICommandRunner
{
    private readonly List<StepRecord> steps = [];

    public IReadOnlyList<StepRecord> Steps => steps;

    public void Step(string title, string? detail = null)
    {
        Title(title, null);
        if (detail is not null)
        {
            output.WriteLine($"      {detail}");
        }
    }

    public void Stream(string title, PlannedCommand command) => Print(title, command);

    public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null)
    {
        Print(title, command);
        return placeholder;
    }

    public bool Succeeds(string title, PlannedCommand command)
    {
        Print(title, command);
        output.WriteLine("      (dry run: assumed not yet done)");
        return false;
    }

    public bool Probe(string title, PlannedCommand command)
    {
        Print(title, command);
        var answers = (probe ?? LocalProbe.Answers)(command);
        output.WriteLine(answers ? "      -> yes (asked for real: a probe changes nothing)" : "      -> no (asked for real: a probe changes nothing)");
        return answers;
    }

    public void Perform(string title, string detail, Action action) => Step(title, detail);

    public string Read(string title, string detail, Func<string> read, string placeholder)
    {
        Step(title, detail);
        return placeholder;
    }

    public void Pause(TimeSpan interval)
    {
    }

    private void Print(string title, PlannedCommand command)
    {
        Title(title, command);
        output.WriteLine($"      $ {command.Display}");
    }

    private void Title(string title, PlannedCommand? command)
    {
        steps.Add(new StepRecord(steps.Count + 1, title, command?.Display, TimeSpan.Zero, StepOutcome.Planned));
        output.WriteLine($"[{steps.Count,2}] {title}");
    }
}
