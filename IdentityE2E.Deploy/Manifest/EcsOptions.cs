namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// What the image needs the task to be told: the resource's <c>ecs</c> object, written by <c>PublishAsEcsService</c>
/// in the AppHost (docs/contracts.md, issue 9). Every opt-out from a hardening default carries an exception with the
/// model's reason, and <see cref="EcsOptionsReader"/> refuses one without.
/// </summary>
internal sealed record EcsOptions(string User, string? HealthCheckPath, bool ReadOnlyRootFilesystem, IReadOnlyList<HardeningException> Exceptions)
{
    public const string ReadOnlyRootFilesystemControl = "readOnlyRootFilesystem";

    public const string RunAsRootControl = "runAsRoot";

    /// <summary>The controls an exception may name.</summary>
    public static readonly string[] Controls = [ReadOnlyRootFilesystemControl, RunAsRootControl];

    /// <summary>A container image without an <c>ecs</c> object: nobody (65534), no HTTP check, read-only root.</summary>
    public static EcsOptions ContainerDefaults { get; } = new("65534", null, true, []);

    /// <summary>
    /// A project: the <c>app</c> user of the .NET images (APP_UID 1654) and the readiness endpoint of ServiceDefaults,
    /// both known without asking the model.
    /// </summary>
    public static EcsOptions ProjectDefaults { get; } = new("1654", "/health", true, []);

    /// <summary>uid 0, by number or name, with or without a group.</summary>
    public bool RunsAsRoot => User.Split(':')[0] is "0" or "root";
}

/// <summary>One opt-out from a hardening default, with the reason the model gives for it.</summary>
internal sealed record HardeningException(string Control, string Reason);
