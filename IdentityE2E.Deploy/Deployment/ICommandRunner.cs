namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Runs the steps of a deploy or destroy. The same procedure drives a real run and a dry run, so the
/// printed plan is exactly what a real run does: the mode is the runner's, and no step asks which runner
/// it has. What a real run would check or read locally is handed to the runner, which a dry run skips.
/// </summary>
internal interface ICommandRunner
{
    /// <summary>A step without an external command (synthesis, a check the tool does itself).</summary>
    void Step(string title, string? detail = null);

    /// <summary>Runs a command with its output streamed to the console; a non-zero exit stops the run.</summary>
    void Stream(string title, PlannedCommand command);

    /// <summary>
    /// Runs a command and returns its trimmed standard output, after <paramref name="check"/> has accepted it (it throws
    /// a <see cref="DeployException"/> otherwise); a dry run returns <paramref name="placeholder"/> and checks nothing.
    /// </summary>
    string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null);

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

    /// <summary>A step the tool does itself (synthesize, zip a folder, check a file): printed, and done unless this is a dry run.</summary>
    void Perform(string title, string detail, Action action);

    /// <summary>A value the tool reads itself (a stack output an earlier step wrote); a dry run names it and returns <paramref name="placeholder"/>.</summary>
    string Read(string title, string detail, Func<string> read, string placeholder);

    /// <summary>Waits between looks at something under way; a dry run has nothing to wait for.</summary>
    void Pause(TimeSpan interval) => Thread.Sleep(interval);

    /// <summary>Every step so far, with its time and outcome, for the closing summary and <c>--output json</c>.</summary>
    IReadOnlyList<StepRecord> Steps => [];
}

/// <summary>One step of a run: what it was, the command it ran, how long it took and how it ended.</summary>
internal sealed record StepRecord(int Number, string Title, string? Command, TimeSpan Duration, StepOutcome Outcome);

internal enum StepOutcome
{
    /// <summary>Printed by a dry run; nothing ran.</summary>
    Planned,
    Succeeded,
    Failed,
}
