namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Runs the steps of a deploy or destroy. The same procedure drives a real run and a dry run, so the
/// printed plan is exactly what a real run does; only the runner differs.
/// </summary>
internal interface ICommandRunner
{
    bool IsDryRun { get; }

    /// <summary>A step without an external command (synthesis, a check the tool does itself).</summary>
    void Step(string title, string? detail = null);

    /// <summary>Runs a command with its output streamed to the console; a non-zero exit stops the run.</summary>
    void Stream(string title, PlannedCommand command);

    /// <summary>Runs a command and returns its trimmed standard output; a dry run returns <paramref name="placeholder"/>.</summary>
    string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false);

    /// <summary>Whether a command exits 0 (a question, not a step that must succeed); a dry run answers no.</summary>
    bool Succeeds(string title, PlannedCommand command);
}
