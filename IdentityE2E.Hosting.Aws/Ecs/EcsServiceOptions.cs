using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What the image of a service that is not a .NET project needs to be told to run on ECS Fargate: its user, its
/// health path, and each opt-out from a hardening default with the reason for it. Written into the resource's
/// manifest entry as <c>ecs</c> (docs/contracts.md, "Services that are not .NET projects").
/// </summary>
public sealed class EcsServiceOptions
{
    /// <summary>The uid the publisher uses when the model names none: nobody, which owns nothing in the image.</summary>
    public const string DefaultUser = "65534";

    private readonly string _resourceName;
    private readonly List<EcsOptOut> _exceptions = [];

    internal EcsServiceOptions(string resourceName) => _resourceName = resourceName;

    /// <summary>
    /// The numeric uid (or uid:gid) the container runs as; set it to the <c>USER</c> of the Dockerfile. A number
    /// because ECS cannot look a name up in the image, and the publisher must tell root from anyone else.
    /// </summary>
    public string User { get; set; } = DefaultUser;

    /// <summary>
    /// The HTTP path answering 200 when the service is ready: the load balancer's target health check. Aspire
    /// 13.6's <c>WithHttpHealthCheck</c> keeps its path to itself, so the model says it again here.
    /// </summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>Whether the root filesystem is read-only; only <see cref="AllowWritableRootFilesystem"/> changes it.</summary>
    public bool ReadOnlyRootFilesystem { get; private set; } = true;

    /// <summary>Each opt-out from a hardening default, with its reason, in the order the model asked for them.</summary>
    public IReadOnlyList<EcsOptOut> Exceptions => _exceptions;

    /// <summary>Lets the container write to its root filesystem (only <c>/tmp</c> is writable otherwise).</summary>
    public EcsServiceOptions AllowWritableRootFilesystem(string reason)
    {
        Except(EcsOptOut.ReadOnlyRootFilesystem, reason);
        ReadOnlyRootFilesystem = false;
        return this;
    }

    /// <summary>Runs the container as root (uid 0).</summary>
    public EcsServiceOptions RunAsRoot(string reason)
    {
        Except(EcsOptOut.RunAsRoot, reason);
        User = "0";
        return this;
    }

    private void Except(string control, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException(
                $"'{_resourceName}' opts out of '{control}' without a reason; say why the image needs it, for example ecs.{(control == EcsOptOut.RunAsRoot ? "RunAsRoot" : "AllowWritableRootFilesystem")}(\"...\").",
                nameof(reason));
        }

        _exceptions.RemoveAll(exception => exception.Control == control);
        _exceptions.Add(new EcsOptOut(control, reason.Trim()));
    }

    /// <summary>Refuses settings that contradict each other, naming the resource and the way out.</summary>
    internal void Validate()
    {
        var uid = User.Split(':')[0];
        var isRoot = uid is "0" or "root";
        var asksForRoot = _exceptions.Any(exception => exception.Control == EcsOptOut.RunAsRoot);
        if (isRoot && !asksForRoot)
        {
            throw new InvalidOperationException(
                $"'{_resourceName}' runs as root (User = \"{User}\"); give the image a non-root USER and set its uid, or call ecs.RunAsRoot(\"reason\").");
        }

        if (asksForRoot && !isRoot)
        {
            throw new InvalidOperationException(
                $"'{_resourceName}' calls ecs.RunAsRoot but sets User = \"{User}\"; keep one of the two.");
        }

        if (!isRoot && !IsNumericUser(User))
        {
            throw new InvalidOperationException(
                $"'{_resourceName}' sets User = \"{User}\"; use the numeric uid (or uid:gid) of the Dockerfile's USER, for example \"10001\".");
        }

        if (HealthCheckPath is not null && !HealthCheckPath.StartsWith('/'))
        {
            throw new InvalidOperationException(
                $"'{_resourceName}' sets HealthCheckPath = \"{HealthCheckPath}\"; a path starts with '/', for example \"/health\".");
        }
    }

    private static bool IsNumericUser(string user) =>
        user.Split(':') is { Length: 1 or 2 } parts
        && parts.All(part => uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _));
}

/// <summary>One opt-out from a hardening default the publisher applies to every container, with the model's reason.</summary>
public sealed record EcsOptOut(string Control, string Reason)
{
    /// <summary>The control of <see cref="EcsServiceOptions.AllowWritableRootFilesystem"/>.</summary>
    public const string ReadOnlyRootFilesystem = "readOnlyRootFilesystem";

    /// <summary>The control of <see cref="EcsServiceOptions.RunAsRoot"/>.</summary>
    public const string RunAsRoot = "runAsRoot";
}
