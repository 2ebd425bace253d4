using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// ECS's own blue/green deployments (July 2025) for a service behind the load balancer: ECS starts the
/// new revision in a second target group, rewrites the service's listener rule to send all traffic there,
/// keeps the old revision running for the bake time, and moves traffic back at once if a deployment alarm
/// fires until then. CDK 2.160 predates the feature, so it is written onto the service's CloudFormation
/// resource: <c>DeploymentConfiguration.Strategy</c> and <c>BakeTimeInMinutes</c>, and
/// <c>LoadBalancers[0].AdvancedConfiguration</c> with the alternate target group, the production listener
/// rule and the role ECS uses on the load balancer.
/// </summary>
internal static class BlueGreenDeployment
{
    public const string Strategy = "BLUE_GREEN";

    /// <summary>What AWS documents for the role ECS assumes to move traffic between the target groups.</summary>
    public const string InfrastructurePolicy = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

    /// <summary>Turns blue/green on and returns the alternate target group, whose traffic the alarms watch too.</summary>
    public static CfnTargetGroup Enable(AppService service, Edge edge, ApplicationTargetGroup primary, int bakeMinutes)
    {
        var alternate = TwinOf(service, primary);
        var role = new Role(service, "BlueGreenRole", new RoleProps
        {
            Description = $"ECS moves {service.Model.Name}'s traffic between its two target groups during blue/green deployments.",
            AssumedBy = new ServicePrincipal("ecs.amazonaws.com"),
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName(InfrastructurePolicy)],
        });
        Nag.Acknowledge(role, new NagRule("AwsSolutions-IAM4",
            "AmazonECSInfrastructureRolePolicyForLoadBalancers is the policy AWS documents for ECS blue/green deployments; AWS keeps it in step with what the deployment controller calls, and only ECS can assume this role.",
            $"Policy::arn:<AWS::Partition>:iam::aws:policy/{InfrastructurePolicy}"));

        var resource = (CfnService)service.Service.Node.DefaultChild!;
        resource.AddPropertyOverride("DeploymentConfiguration.Strategy", Strategy);
        resource.AddPropertyOverride("DeploymentConfiguration.BakeTimeInMinutes", bakeMinutes);
        // The circuit breaker belongs to rolling updates only; a blue/green deployment fails on its own when
        // the new revision never becomes healthy, before any traffic moved, and rolls back on the alarms.
        resource.AddPropertyDeletionOverride("DeploymentConfiguration.DeploymentCircuitBreaker");
        // The deployment controller stays unset (ECS is the default and what blue/green needs): writing it
        // into the template now would make CloudFormation replace the running service.
        resource.AddPropertyOverride("LoadBalancers.0.AdvancedConfiguration", new Dictionary<string, object>
        {
            ["AlternateTargetGroupArn"] = alternate.Ref,
            ["ProductionListenerRule"] = ProductionRule(edge, service).Ref,
            ["RoleArn"] = role.RoleArn,
        });
        return alternate;
    }

    /// <summary>
    /// The listener rule that <see cref="Edge.Route"/> made for the service (CDK names it after the
    /// service), found without a change to the edge: only its ARN is needed.
    /// </summary>
    private static CfnListenerRule ProductionRule(Edge edge, AppService service) =>
        edge.LoadBalancer.Listeners
            .Select(listener => listener.Node.TryFindChild($"{service.Model.Name}Rule")?.Node.DefaultChild)
            .OfType<CfnListenerRule>()
            .SingleOrDefault()
        ?? throw new InvalidOperationException($"No listener rule routes to {service.Model.Name}; blue/green needs the rule Edge.Route adds.");

    /// <summary>
    /// The alternate target group: a copy of every property of the primary one (health check, port,
    /// deregistration delay), so a change to the route applies to both and the new revision is judged
    /// exactly as the old one was.
    /// </summary>
    private static CfnTargetGroup TwinOf(AppService service, ApplicationTargetGroup primary)
    {
        var source = (CfnTargetGroup)primary.Node.DefaultChild!;
        return new CfnTargetGroup(service, "AlternateTargets", new CfnTargetGroupProps
        {
            VpcId = source.VpcId,
            Port = source.Port,
            Protocol = source.Protocol,
            ProtocolVersion = source.ProtocolVersion,
            TargetType = source.TargetType,
            IpAddressType = source.IpAddressType,
            HealthCheckEnabled = source.HealthCheckEnabled,
            HealthCheckPath = source.HealthCheckPath,
            HealthCheckPort = source.HealthCheckPort,
            HealthCheckProtocol = source.HealthCheckProtocol,
            HealthCheckIntervalSeconds = source.HealthCheckIntervalSeconds,
            HealthCheckTimeoutSeconds = source.HealthCheckTimeoutSeconds,
            HealthyThresholdCount = source.HealthyThresholdCount,
            UnhealthyThresholdCount = source.UnhealthyThresholdCount,
            Matcher = source.Matcher,
            TargetGroupAttributes = source.TargetGroupAttributes,
        });
    }
}
