using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using Constructs;
using IdentityE2E.Deploy.Manifest;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// What every task runs with, whatever its image: capabilities dropped and an init process, /tmp as task storage opened
/// by a one-shot step, and for a project the liveness probe of ServiceDefaults.
/// </summary>
internal static class TaskHardening
{
    /// <summary>Every Linux capability dropped and an init process as PID 1: what every container of the task runs with.</summary>
    public static LinuxParameters Hardened(Construct scope, string id)
    {
        var linux = new LinuxParameters(scope, id, new LinuxParametersProps { InitProcessEnabled = true });
        linux.DropCapabilities(Capability.ALL);
        return linux;
    }

    public const string TmpVolume = "tmp";

    public static MountPoint TmpMount => new() { ContainerPath = "/tmp", SourceVolume = TmpVolume, ReadOnly = false };

    /// <summary>
    /// Where a project's executable is in the image <c>dotnet publish -t:PublishContainer</c> builds: /app, named after the
    /// project (its assembly). Native AOT and self-contained builds are that executable; a framework-dependent build has it
    /// as its apphost, which finds the runtime where the ASP.NET images install it (/usr/share/dotnet). So one command form
    /// serves every project, and no probe needs a shell.
    /// </summary>
    public static string ExecutableOf(ProjectImage project) =>
        $"/app/{Path.GetFileNameWithoutExtension(project.ProjectPath.Replace('\\', '/'))}";

    /// <summary>The argument that makes a service's binary probe its own /alive (HealthProbe.Argument of ServiceDefaults).</summary>
    public const string HealthArgument = "--health";

    /// <summary>The argument that makes a service's binary open /tmp and exit (TmpPreparation.Argument of ServiceDefaults).</summary>
    public const string PrepareTmpArgument = "--prepare-tmp";

    /// <summary>
    /// A project's liveness: /alive of ServiceDefaults, asked by the service's own binary (<c>--health</c>: exit 0 on
    /// 200, else 1). Exec form without a shell, so it works on the chiseled images, which have none.
    /// </summary>
    public static EcsHealthCheck LivenessCheck(string executable) => new()
    {
        Command = ["CMD", executable, HealthArgument],
        Interval = Duration.Seconds(30),
        Timeout = Duration.Seconds(5),
        Retries = 3,
        // The grace period of services without a load balancer: starting tasks are not killed.
        StartPeriod = Duration.Seconds(60),
    };

    /// <summary>What prepare-tmp runs in an image that brings chmod (jobs, containers).</summary>
    public static readonly IReadOnlyList<string> ChmodTmp = ["chmod", "1777", "/tmp"];

    /// <summary>What prepare-tmp runs in a ServiceDefaults service's image, which may have no chmod (the chiseled bases).</summary>
    public static IReadOnlyList<string> PrepareTmpWith(string executable) => [executable, PrepareTmpArgument];

    /// <summary>
    /// Fargate mounts task storage owned by root with mode 0755 (aws/containers-roadmap#938), and an image
    /// built by dotnet publish cannot declare the VOLUME that would carry other permissions. So a one-shot
    /// step opens /tmp like any /tmp (1777) and exits before the app starts. It is the task's only root
    /// process: every Linux capability dropped (a directory's owner needs none to chmod it), read-only
    /// root, no environment, no secrets, no port. It runs the app's own image, so no other image is pulled: a service's
    /// binary does it itself (<see cref="PrepareTmpWith"/>), any other image must hold chmod (distroless and scratch do not).
    /// </summary>
    public static ContainerDefinition PrepareTmp(Construct scope, FargateTaskDefinition task, ContainerImage image, LogGroup logGroup, IReadOnlyList<string> entryPoint)
    {
        var linux = Hardened(scope, "PrepareTmpLinuxParameters");
        var prepare = task.AddContainer(AppService.PrepareTmpContainer, new ContainerDefinitionOptions
        {
            ContainerName = AppService.PrepareTmpContainer,
            Image = image,
            User = "0",
            EntryPoint = [.. entryPoint],
            Essential = false,
            ReadonlyRootFilesystem = true,
            LinuxParameters = linux,
            MemoryReservationMiB = 16,
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = logGroup, StreamPrefix = AppService.PrepareTmpContainer }),
        });
        prepare.AddMountPoints(TmpMount);
        return prepare;
    }
}
