namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Prints every step and command and runs none of them, except probes of local tools (<c>docker info</c>), which change
/// nothing: <paramref name="probe"/> answers them, by default by running them, so the plan shows the real path.
/// </summary>
internal sealed class DryRunRunner(TextWriter output, Func<PlannedCommand, bool>? probe = null) : ICommandRunner
{
    private int step;

    public bool IsDryRun => true;

    public void Step(string title, string? detail = null)
    {
        Title(title);
        if (detail is not null)
        {
            output.WriteLine($"      {detail}");
        }
    }

    public void Stream(string title, PlannedCommand command) => Print(title, command);

    public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false)
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

    private void Print(string title, PlannedCommand command)
    {
        Title(title);
        output.WriteLine($"      $ {command.Display}");
    }

    private void Title(string title) => output.WriteLine($"[{++step,2}] {title}");
}
