using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using Constructs;
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
    /// A project's liveness: /alive of ServiceDefaults. The .NET images have no curl, so bash's /dev/tcp speaks HTTP;
    /// a chiseled (shell-less) base image would need another probe.
    /// </summary>
    public static EcsHealthCheck LivenessCheck => new()
    {
        Command = ["CMD-SHELL", LivenessProbe],
        Interval = Duration.Seconds(30),
        Timeout = Duration.Seconds(5),
        Retries = 3,
        // The grace period of services without a load balancer: starting tasks are not killed.
        StartPeriod = Duration.Seconds(60),
    };

    /// <summary>Liveness over bash's /dev/tcp: exit 0 only on an HTTP 200 from /alive.</summary>
    public const string LivenessProbe =
        "bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf \"GET /alive HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n\" >&3 && head -n 1 <&3 | grep -q \" 200 \"' || exit 1";

    /// <summary>
    /// Fargate mounts task storage owned by root with mode 0755 (aws/containers-roadmap#938), and an image
    /// built by dotnet publish cannot declare the VOLUME that would carry other permissions. So a one-shot
    /// step opens /tmp like any /tmp (1777) and exits before the app starts. It is the task's only root
    /// process: every Linux capability dropped (a directory's owner needs none to chmod it), read-only
    /// root, no environment, no secrets, no port. It runs the app's own image, so no other image is pulled;
    /// a container image must therefore hold chmod (distroless and scratch images do not).
    /// </summary>
    public static ContainerDefinition PrepareTmp(Construct scope, FargateTaskDefinition task, ContainerImage image, LogGroup logGroup)
    {
        var linux = Hardened(scope, "PrepareTmpLinuxParameters");
        var prepare = task.AddContainer(AppService.PrepareTmpContainer, new ContainerDefinitionOptions
        {
            ContainerName = AppService.PrepareTmpContainer,
            Image = image,
            User = "0",
            EntryPoint = ["chmod", "1777", "/tmp"],
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
