using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using EcsProtocol = Amazon.CDK.AWS.ECS.Protocol;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.ISecret;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>What every service of one application stack shares.</summary>
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
/// One service of the manifest, a project or a container, as a Fargate service: its own task role, execution role,
/// log group, security group and autoscaling, every capability dropped, an init process, a read-only root with /tmp
/// as task storage. Only the image source varies (<see cref="Image"/>), so a new service in the manifest gets all of
/// it without a change to the publisher.
/// </summary>
internal sealed class AppService : Construct
{
    public const string AppContainer = "app";

    public const string PortName = "http";

    /// <summary>The one-shot step that makes the task-storage volume at /tmp writable for the app user.</summary>
    public const string PrepareTmpContainer = "prepare-tmp";

    public AppService(Construct scope, ServiceModel model, ServiceContext context, bool isCalled) : base(scope, model.Name)
    {
        Model = model;
        var settings = context.Settings;
        // A project's liveness is /alive of ServiceDefaults, asked by its own binary (--health), which also prepares /tmp.
        // A container image promises no shell and no HTTP client to probe itself with, so it has no container health
        // check: ECS replaces a task whose process exits, and a public one is also replaced when the load balancer's
        // check on its healthCheckPath fails.
        var executable = model.Image is ProjectImage project ? TaskHardening.ExecutableOf(project) : null;
        Task = AppTask.Create(this, model, context, Environment(model, context, isCalled),
            [new PortMapping { Name = PortName, ContainerPort = model.ContainerPort, Protocol = EcsProtocol.TCP, AppProtocol = AppProtocol.Http }],
            executable is null ? null : TaskHardening.LivenessCheck(executable), executable);
        LogGroup = Task.LogGroup;
        TaskDefinition = Task.TaskDefinition;

        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Cluster.Vpc,
            Description = $"{model.Name} tasks: admits only its callers on {model.ContainerPort}",
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
                    // Callers use 8080 for every service; the proxy forwards to the container's own port.
                    ? [new ServiceConnectService { PortMappingName = PortName, DiscoveryName = model.Name, DnsName = model.Name, Port = CloudModel.ContainerPort }]
                    : null,
                LogDriver = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = "service-connect" }),
            },
            // Null keeps the FARGATE launch type (prod); with spotTasks, one task on demand and the rest on Spot.
            CapacityProviderStrategies = settings.SpotTasks ? SpotCapacity.Strategy : null,
            PropagateTags = PropagatedTagSource.SERVICE,
            EnableECSManagedTags = true,
        });

        if (settings.SpotTasks)
        {
            SpotCapacity.Apply(Service, context.Cluster);
        }

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

    public ServiceModel Model { get; }

    public AppTask Task { get; }

    public LogGroup LogGroup { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public SecurityGroup SecurityGroup { get; }

    public FargateService Service { get; }

    public ScalableTaskCount Scaling { get; }

    public ServiceAlarms Alarms { get; }

    /// <summary>
    /// Lets <paramref name="caller"/> reach this service on its container port and nothing else: egress from the
    /// caller's group and ingress to this one, where the Service Connect proxy listens on the container port.
    /// </summary>
    public void AdmitCaller(AppService caller) =>
        caller.SecurityGroup.Connections.AllowTo(SecurityGroup, Port.Tcp(Model.ContainerPort), $"{caller.Model.Name} calls {Model.Name}");

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
    public void AcknowledgeWildcards() => Task.AcknowledgeWildcards(Model);

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

    /// <summary>What a service adds to the platform's environment: its port, its host names and the edge contract.</summary>
    private static Dictionary<string, string> Environment(ServiceModel model, ServiceContext context, bool isCalled)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HTTP_PORTS"] = model.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AllowedHosts"] = AllowedHosts(model, context, isCalled),
        };
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
