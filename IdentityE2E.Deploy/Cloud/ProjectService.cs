using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using EcsVolume = Amazon.CDK.AWS.ECS.Volume;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;
using EcsProtocol = Amazon.CDK.AWS.ECS.Protocol;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.ISecret;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>What every project service of one application stack shares.</summary>
internal sealed record ServiceContext(
    EnvironmentSettings Settings,
    Naming Naming,
    Cluster Cluster,
    IKey LogKey,
    string ImageTag,
    Tables Tables,
    IReadOnlyDictionary<string, SecretsManagerSecret> Secrets,
    SignIn? SignIn,
    string? PublicHost,
    Alerting Alerting,
    Func<string, string> PublicPathBase)
{
    /// <summary>A manifest value as the template holds it: table names, key ARNs and user pool outputs as references.</summary>
    public string Render(CloudValue value) => value.Render(Tables.TableName, Tables.EncryptionKeyArn, output => SignIn!.Output(output));
}

/// <summary>
/// One <c>project.v0</c> as a Fargate service: its own task role, execution role, log group, security
/// group and autoscaling. Nothing here is specific to a project, so a new project in the manifest gets
/// all of it without a change to the publisher.
/// </summary>
internal sealed class ProjectService : Construct
{
    /// <summary>The `app` user of the .NET images (APP_UID); the task definition runs it, never root.</summary>
    public const string AppUser = "1654";

    public const string AppContainer = "app";

    public const string PortName = "http";

    /// <summary>The one-shot step that makes the task-storage volume at /tmp writable for the app user.</summary>
    public const string PrepareTmpContainer = "prepare-tmp";

    public ProjectService(Construct scope, ServiceModel model, ServiceContext context, bool isCalled) : base(scope, model.Name)
    {
        Model = model;
        var settings = context.Settings;
        LogGroup = LogGroups.Create(this, "Logs", context.LogKey, settings.LogRetentionDays);
        TaskDefinition = new FargateTaskDefinition(this, "Task", new FargateTaskDefinitionProps
        {
            Cpu = settings.TaskCpu,
            MemoryLimitMiB = settings.TaskMemoryMiB,
            // dotnet publish builds linux-x64 images (the deploy command passes --arch x64).
            RuntimePlatform = new RuntimePlatform { CpuArchitecture = CpuArchitecture.X86_64, OperatingSystemFamily = OperatingSystemFamily.LINUX },
            // Task storage, not the image: the one writable place under a read-only root file system.
            Volumes = [new EcsVolume { Name = "tmp" }],
        });

        var repository = Repository.FromRepositoryName(this, "Repository", context.Naming.Repository(model.Name));
        var image = ContainerImage.FromEcrRepository(repository, context.ImageTag);
        var app = TaskDefinition.AddContainer(AppContainer, new ContainerDefinitionOptions
        {
            ContainerName = AppContainer,
            Image = image,
            User = AppUser,
            ReadonlyRootFilesystem = true,
            // The app needs no Linux capability (it binds 8080, not a port below 1024), and an init process
            // as PID 1 forwards SIGTERM to dotnet and reaps zombies, so a stopped task drains and exits cleanly.
            LinuxParameters = Hardened(this, "AppLinuxParameters"),
            Essential = true,
            Environment = Environment(model, context, isCalled),
            Secrets = model.Secrets.ToDictionary(s => s.Key, s => EcsSecret.FromSecretsManager(context.Secrets[s.Value])),
            Command = model.Args.Count == 0 ? null : [.. model.Args.Select(context.Render)],
            PortMappings = [new PortMapping { Name = PortName, ContainerPort = CloudModel.ContainerPort, Protocol = EcsProtocol.TCP, AppProtocol = AppProtocol.Http }],
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = AppContainer }),
            HealthCheck = new EcsHealthCheck
            {
                // /alive is the liveness endpoint of ServiceDefaults. The .NET images have no curl, so bash's
                // /dev/tcp speaks HTTP; a chiseled (shell-less) base image would need another probe.
                Command = ["CMD-SHELL", LivenessProbe],
                Interval = Duration.Seconds(30),
                Timeout = Duration.Seconds(5),
                Retries = 3,
                // The grace period of services without a load balancer: starting tasks are not killed.
                StartPeriod = Duration.Seconds(60),
            },
        });
        app.AddMountPoints(TmpMount);
        app.AddContainerDependencies(new ContainerDependency { Container = PrepareTmp(image), Condition = ContainerDependencyCondition.SUCCESS });
        var collector = Telemetry.AddCollector(TaskDefinition, LogGroup, model.Name, settings.Name);
        app.AddContainerDependencies(new ContainerDependency { Container = collector, Condition = ContainerDependencyCondition.START });

        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Cluster.Vpc,
            Description = $"{model.Name} tasks: admits only its callers on {CloudModel.ContainerPort}",
            // Egress is what a task does: AWS APIs (ECR, Secrets Manager, DynamoDB, KMS, X-Ray, CloudWatch)
            // and Cognito over HTTPS through NAT or the endpoints, plus the services it calls (AdmitCaller).
            // DNS (the VPC resolver at .2), the task metadata endpoint and the time service are link-local
            // addresses that security groups do not filter, so they need no rule.
            AllowAllOutbound = false,
        });
        SecurityGroup.AddEgressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS to AWS APIs and Cognito");

        Service = new FargateService(this, "Service", new FargateServiceProps
        {
            Cluster = context.Cluster,
            TaskDefinition = TaskDefinition,
            PlatformVersion = FargatePlatformVersion.LATEST,
            AssignPublicIp = false,
            VpcSubnets = Network.TaskSubnets,
            SecurityGroups = [SecurityGroup],
            // No DesiredCount (the removeDefaultDesiredCount flag): a deploy never resets what autoscaling chose.
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            EnableExecuteCommand = false,
            // Only applies once a load balancer is attached; without one the container StartPeriod does the job.
            HealthCheckGracePeriod = model.IsPublic ? Duration.Seconds(90) : null,
            ServiceConnectConfiguration = new ServiceConnectProps
            {
                // Every service is a client (it can call by name); the called ones also publish their name.
                Services = isCalled
                    ? [new ServiceConnectService { PortMappingName = PortName, DiscoveryName = model.Name, DnsName = model.Name, Port = CloudModel.ContainerPort }]
                    : null,
                LogDriver = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = "service-connect" }),
            },
            PropagateTags = PropagatedTagSource.SERVICE,
            EnableECSManagedTags = true,
        });

        Alarms = new ServiceAlarms(this, context.Alerting, context.Cluster, settings.MinTasks);
        Scaling = Service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = settings.MinTasks, MaxCapacity = settings.MaxTasks });
        Scaling.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps
        {
            TargetUtilizationPercent = 60,
            ScaleOutCooldown = Duration.Seconds(60),
            ScaleInCooldown = Duration.Seconds(180),
        });

        if (isCalled && settings.PrivateCertificateAuthorityArn is { } authority)
        {
            ServiceConnectTls.Enable(this, Service, authority);
        }
    }

    /// <summary>Every Linux capability dropped and an init process as PID 1: what every container of the task runs with.</summary>
    internal static LinuxParameters Hardened(Construct scope, string id)
    {
        var linux = new LinuxParameters(scope, id, new LinuxParametersProps { InitProcessEnabled = true });
        linux.DropCapabilities(Capability.ALL);
        return linux;
    }

    private static MountPoint TmpMount => new() { ContainerPath = "/tmp", SourceVolume = "tmp", ReadOnly = false };

    /// <summary>Liveness over bash's /dev/tcp: exit 0 only on an HTTP 200 from /alive.</summary>
    public const string LivenessProbe =
        "bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf \"GET /alive HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n\" >&3 && head -n 1 <&3 | grep -q \" 200 \"' || exit 1";

    public ServiceModel Model { get; }

    public LogGroup LogGroup { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public SecurityGroup SecurityGroup { get; }

    public FargateService Service { get; }

    public ScalableTaskCount Scaling { get; }

    public ServiceAlarms Alarms { get; }

    /// <summary>
    /// Lets <paramref name="caller"/> reach this service on 8080 and nothing else: egress from the caller's
    /// group and ingress to this one, where the Service Connect proxy listens on the container port.
    /// </summary>
    public void AdmitCaller(ProjectService caller) =>
        caller.SecurityGroup.Connections.AllowTo(SecurityGroup, Port.Tcp(CloudModel.ContainerPort), $"{caller.Model.Name} calls {Model.Name}");

    /// <summary>
    /// Puts the service behind the shared load balancer under <paramref name="pathBase"/> (empty: every path):
    /// target group on its health path, request-count scaling, blue/green deployments where the environment
    /// has a bake time, and the alarms on its traffic, which also roll a bad deployment back.
    /// </summary>
    public void Publish(Edge edge, string pathBase, int? blueGreenBakeMinutes)
    {
        var targetGroup = edge.Route(this, pathBase);
        Scaling.ScaleOnRequestCount("Requests", new RequestCountScalingProps
        {
            TargetGroup = targetGroup,
            RequestsPerTarget = 500,
            ScaleOutCooldown = Duration.Seconds(60),
            ScaleInCooldown = Duration.Seconds(180),
        });

        List<string> targetGroups = [targetGroup.TargetGroupFullName];
        if (blueGreenBakeMinutes is { } bakeMinutes)
        {
            targetGroups.Add(BlueGreenDeployment.Enable(this, edge, targetGroup, bakeMinutes).AttrTargetGroupFullName);
        }

        Alarms.WatchTraffic(new ServiceTraffic(edge.LoadBalancer.LoadBalancerFullName, targetGroups));
        Service.EnableDeploymentAlarms([.. Alarms.RollbackTriggers.Select(alarm => alarm.AlarmName)], new DeploymentAlarmOptions { Behavior = AlarmBehavior.ROLLBACK_ON_ALARM });
    }

    /// <summary>Acknowledges the roles' wildcard findings once every statement has been added.</summary>
    public void AcknowledgeWildcards()
    {
        Nag.Acknowledge(TaskDefinition.ExecutionRole!.Node.FindChild("DefaultPolicy"),
            new NagRule("AwsSolutions-IAM5", "ecr:GetAuthorizationToken has no resource-level permissions; the pull actions themselves are scoped to this service's repository.", "Resource::*"));
        Nag.Acknowledge(TaskDefinition.TaskRole.Node.FindChild("DefaultPolicy"),
            new NagRule("AwsSolutions-IAM5", "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions; the telemetry sidecar needs them to send traces.", "Resource::*"));
        Nag.Acknowledge(TaskDefinition,
            new NagRule("AwsSolutions-ECS2", "The environment holds only non-secret configuration (ports, table names, a KMS key ARN, service URLs, the OTLP endpoint, the sign-in issuer and client ids); secrets arrive as ECS secrets from Secrets Manager."));
    }

    /// <summary>
    /// Fargate mounts task storage owned by root with mode 0755 (aws/containers-roadmap#938), and an image
    /// built by dotnet publish cannot declare the VOLUME that would carry other permissions. So a one-shot
    /// step opens /tmp like any /tmp (1777) and exits before the app starts. It is the task's only root
    /// process: every Linux capability dropped (a directory's owner needs none to chmod it), read-only
    /// root, no environment, no secrets, no port.
    /// </summary>
    private ContainerDefinition PrepareTmp(ContainerImage image)
    {
        var linux = Hardened(this, "PrepareTmpLinuxParameters");
        var prepare = TaskDefinition.AddContainer(PrepareTmpContainer, new ContainerDefinitionOptions
        {
            ContainerName = PrepareTmpContainer,
            Image = image,
            User = "0",
            EntryPoint = ["chmod", "1777", "/tmp"],
            Essential = false,
            ReadonlyRootFilesystem = true,
            LinuxParameters = linux,
            MemoryReservationMiB = 16,
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = PrepareTmpContainer }),
        });
        prepare.AddMountPoints(TmpMount);
        return prepare;
    }

    /// <summary>
    /// The names a service answers to: the public host for a public service, its Service Connect name for a
    /// called one. ServiceDefaults adds loopback and the task's own addresses, by which the load balancer
    /// checks health; any other Host header gets 400, so no link or redirect is built on a forged one.
    /// </summary>
    private static string AllowedHosts(ServiceModel model, ServiceContext context, bool isCalled)
    {
        List<string> hosts = [];
        if (model.IsPublic && context.PublicHost is { } publicHost)
        {
            hosts.Add(publicHost);
        }

        if (isCalled)
        {
            hosts.Add(model.Name);
        }

        // Never empty: ASP.NET Core reads an empty list as "any host".
        return hosts.Count == 0 ? "localhost" : string.Join(';', hosts);
    }

    private static Dictionary<string, string> Environment(ServiceModel model, ServiceContext context, bool isCalled)
    {
        var environment = model.Environment.ToDictionary(e => e.Key, e => context.Render(e.Value));

        // Set by the publisher, over anything the manifest says: the manifest describes the app, these the platform.
        environment["AWS_REGION"] = Aws.REGION;
        environment["HTTP_PORTS"] = CloudModel.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://localhost:{Telemetry.OtlpGrpcPort}";
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        environment["OTEL_SERVICE_NAME"] = model.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"deployment.environment={context.Settings.Name}";
        // The root file system is read-only; .NET and ASP.NET Core write under HOME (the data-protection
        // key ring among others), so HOME points at the writable task-storage volume.
        environment["HOME"] = "/tmp";
        environment["AllowedHosts"] = AllowedHosts(model, context, isCalled);
        if (model.IsPublic)
        {
            foreach (var (key, value) in EdgeContract.Environment(context.PublicPathBase(model.Name)))
            {
                environment[key] = value;
            }
        }

        return environment;
    }
}
