using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using EcsVolume = Amazon.CDK.AWS.ECS.Volume;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The hardened task definition that a service and a job share: its log group, the app container as the model's user
/// with a read-only root, every capability dropped and an init process, /tmp as task storage opened by prepare-tmp, the
/// telemetry sidecar, the image from the workload's ECR repository (or the registry), and the platform's environment.
/// A service adds its port, health check and host names; a job adds nothing, so both get every hardening from one place.
/// </summary>
internal sealed record AppTask(LogGroup LogGroup, FargateTaskDefinition TaskDefinition, ContainerDefinition App)
{
    /// <param name="scope">The workload's construct; the ids below are those services always had, so their resources keep their logical ids.</param>
    /// <param name="environment">What the workload adds to the platform's environment (ports, host names).</param>
    /// <param name="serviceExecutable">A ServiceDefaults service's binary, which prepares /tmp itself; null for an image that brings chmod.</param>
    public static AppTask Create(Construct scope, ServiceModel model, ServiceContext context, IReadOnlyDictionary<string, string> environment, PortMapping[]? portMappings, EcsHealthCheck? healthCheck, string? serviceExecutable = null)
    {
        var settings = context.Settings;
        var logGroup = LogGroups.Create(scope, "Logs", context.LogKey, settings.LogRetentionDays);
        var size = settings.SizeOf(model.Name);
        var taskDefinition = new FargateTaskDefinition(scope, "Task", new FargateTaskDefinitionProps
        {
            Cpu = size.Cpu,
            MemoryLimitMiB = size.MemoryMiB,
            // What the images are built for (dotnet publish -r, docker build --platform), from the same setting.
            RuntimePlatform = new RuntimePlatform
            {
                CpuArchitecture = settings.CpuArchitecture == TaskArchitecture.Arm64 ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64,
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
            },
            // Task storage, not the image: the one writable place under a read-only root file system.
            Volumes = [new EcsVolume { Name = TaskHardening.TmpVolume }],
        });

        var image = Image(scope, model, context);
        var app = taskDefinition.AddContainer(AppService.AppContainer, new ContainerDefinitionOptions
        {
            ContainerName = AppService.AppContainer,
            Image = image,
            // Never root unless the model gave a reason (EcsOptionsReader refuses it otherwise).
            User = model.Ecs.User,
            ReadonlyRootFilesystem = model.Ecs.ReadOnlyRootFilesystem,
            // The app needs no Linux capability (a service binds a port above 1024), and an init process as PID 1
            // forwards SIGTERM to the app and reaps zombies, so a stopped task drains and exits cleanly.
            LinuxParameters = TaskHardening.Hardened(scope, "AppLinuxParameters"),
            Essential = true,
            Environment = Environment(model, context, environment),
            Secrets = model.Secrets.ToDictionary(s => s.Key, s => EcsSecret.FromSecretsManager(context.Secrets[s.Value])),
            EntryPoint = model.EntryPoint is { } entryPoint ? [.. entryPoint] : null,
            Command = model.Args.Count == 0 ? null : [.. model.Args.Select(context.Render)],
            PortMappings = portMappings,
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = logGroup, StreamPrefix = AppService.AppContainer }),
            HealthCheck = healthCheck,
        });
        app.AddMountPoints(TaskHardening.TmpMount);
        var prepareTmp = TaskHardening.PrepareTmp(scope, taskDefinition, image, logGroup,
            serviceExecutable is null ? TaskHardening.ChmodTmp : TaskHardening.PrepareTmpWith(serviceExecutable));
        app.AddContainerDependencies(new ContainerDependency { Container = prepareTmp, Condition = ContainerDependencyCondition.SUCCESS });
        var collector = Telemetry.AddCollector(taskDefinition, logGroup, model.Name, settings);
        app.AddContainerDependencies(new ContainerDependency { Container = collector, Condition = ContainerDependencyCondition.START });
        return new AppTask(logGroup, taskDefinition, app);
    }

    /// <summary>Acknowledges the roles' wildcard findings once every statement has been added.</summary>
    /// <param name="taskRoleFindings">Further wildcard findings of the task role, each with its reason.</param>
    public void AcknowledgeWildcards(ServiceModel model, params (string Finding, string Reason)[] taskRoleFindings)
    {
        // An image pulled as given needs no ECR token, so its execution role has no wildcard to acknowledge.
        if (model.IsBuilt)
        {
            Nag.Acknowledge(TaskDefinition.ExecutionRole!.Node.FindChild("DefaultPolicy"),
                new NagRule("AwsSolutions-IAM5", "ecr:GetAuthorizationToken has no resource-level permissions; the pull actions themselves are scoped to this workload's repository.", "Resource::*"));
        }

        Nag.Acknowledge(TaskDefinition.TaskRole.Node.FindChild("DefaultPolicy"),
        [
            new NagRule("AwsSolutions-IAM5", "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions; the telemetry sidecar needs them to send traces.", "Resource::*"),
            .. taskRoleFindings.Select(finding => new NagRule("AwsSolutions-IAM5", finding.Reason, finding.Finding)),
        ]);
        Nag.Acknowledge(TaskDefinition,
            new NagRule("AwsSolutions-ECS2", "The environment holds only non-secret configuration (ports, table names, a KMS key ARN, service URLs, the OTLP endpoint, the sign-in issuer and client ids); secrets arrive as ECS secrets from Secrets Manager."));
    }

    /// <summary>
    /// The workload's repository under the build's tag when the publisher builds the image (a project, a Dockerfile),
    /// else the registry image exactly as the manifest names it.
    /// </summary>
    private static ContainerImage Image(Construct scope, ServiceModel model, ServiceContext context) => model.Image is RegistryImage registry
        ? ContainerImage.FromRegistry(registry.Reference)
        : ContainerImage.FromEcrRepository(Repository.FromRepositoryName(scope, "Repository", context.Naming.Repository(model.Name)), context.ImageTag);

    private static Dictionary<string, string> Environment(ServiceModel model, ServiceContext context, IReadOnlyDictionary<string, string> workload)
    {
        var environment = model.Environment.ToDictionary(e => e.Key, e => context.Render(e.Value));

        // Set by the publisher, over anything the manifest says: the manifest describes the app, these the platform.
        environment["AWS_REGION"] = Aws.REGION;
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://localhost:{Telemetry.OtlpGrpcPort}";
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        environment["OTEL_SERVICE_NAME"] = model.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"deployment.environment={context.Settings.Name}";
        // The root file system is read-only; .NET and ASP.NET Core write under HOME (the data-protection
        // key ring among others), so HOME points at the writable task-storage volume.
        environment["HOME"] = "/tmp";
        foreach (var (key, value) in workload)
        {
            environment[key] = value;
        }

        return environment;
    }
}
