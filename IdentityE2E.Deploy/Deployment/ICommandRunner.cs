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

    /// <summary>
    /// Whether a local tool answers (<c>docker info</c>): a question without side effects, so a dry run asks it too and
    /// its plan shows the path a real run would take.
    /// </summary>
    bool Probe(string title, PlannedCommand command) => Succeeds(title, command);

    /// <summary>
    /// One look at something that is under way (a cloud build), asked again until it is done. The procedure prints what
    /// changed; a real run does not number every look as a step.
    /// </summary>
    string Poll(string title, PlannedCommand command, string placeholder) => Capture(title, command, placeholder);

    /// <summary>
    /// Runs a command whose exit code is an answer rather than a failure (a gate's verdict, a diff that may need
    /// credentials) and returns it with everything the command printed; a dry run answers (0, <paramref name="placeholder"/>).
    /// </summary>
    (int ExitCode, string Output) Report(string title, PlannedCommand command, string placeholder) => (0, Capture(title, command, placeholder));

    /// <summary>A step the tool does itself (zip a folder): printed, and done unless this is a dry run.</summary>
    void Perform(string title, string detail, Action action)
    {
        Step(title, detail);
        if (!IsDryRun)
        {
            action();
        }
    }
}
