namespace IdentityE2E.Deploy.Deployment;

/// <summary>Prints every step and command and runs none of them.</summary>
internal sealed class DryRunRunner(TextWriter output) : ICommandRunner
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

    private void Print(string title, PlannedCommand command)
    {
        Title(title);
        output.WriteLine($"      $ {command.Display}");
    }

    private void Title(string title) => output.WriteLine($"[{++step,2}] {title}");
}
