using Amazon.CDK.AWS.ECS;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Fargate Spot for all but one task of every service (the environment's <c>spotTasks</c>). AWS may reclaim a Spot task
/// whenever it needs the capacity: ECS sends the task SIGTERM with a two-minute warning, deregisters it from the load
/// balancer (which drains it) and starts a replacement. The first task of every service runs on demand (base 1 on
/// FARGATE, weight 0), so a service keeps answering while ECS replaces its Spot tasks, even if Spot has no capacity.
/// Blue/green deployments place the new revision by the same strategy.
/// </summary>
internal static class SpotCapacity
{
    public const string OnDemand = "FARGATE";

    public const string Spot = "FARGATE_SPOT";

    public static CapacityProviderStrategy[] Strategy =>
    [
        new CapacityProviderStrategy { CapacityProvider = OnDemand, Base = 1, Weight = 0 },
        new CapacityProviderStrategy { CapacityProvider = Spot, Weight = 1 },
    ];

    /// <summary>
    /// Orders the service after everything of the cluster: CDK adds the cluster's capacity provider associations only at
    /// synthesis (an aspect) and does not order the service after them, and a service created first fails with
    /// "capacity provider not associated with the cluster". A dependency on the construct covers what is added later.
    /// </summary>
    public static void Apply(FargateService service, ICluster cluster) => service.Node.AddDependency(cluster);

    /// <summary>Tasks of a service that run on demand at a given count: the base, or all of them without Spot.</summary>
    public static int OnDemandTasks(int tasks, bool spotTasks) => spotTasks ? Math.Min(1, tasks) : tasks;
}
