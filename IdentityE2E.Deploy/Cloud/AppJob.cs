using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Constructs;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// A job of the manifest (<c>PublishAsEcsTask</c>): the same hardened task definition as a service (<see cref="AppTask"/>),
/// with its own task role, execution role and log group, and a security group that lets out HTTPS only. No ECS service,
/// no route, no autoscaling: <c>run-task</c> starts it in the private subnets, and it costs only while it runs.
/// </summary>
internal sealed class AppJob : Construct
{
    public AppJob(Construct scope, ServiceModel model, ServiceContext context) : base(scope, model.Name)
    {
        Model = model;
        // No port and no health check: a job listens on nothing and is done when its process exits.
        Task = AppTask.Create(this, model, context, new Dictionary<string, string>(), portMappings: null, healthCheck: null);
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Cluster.Vpc,
            Description = $"{model.Name} job tasks: admit nothing, reach AWS APIs over HTTPS",
            // As for a service: AWS APIs (ECR, Secrets Manager, DynamoDB, KMS, S3, X-Ray, CloudWatch) over HTTPS through
            // NAT or the endpoints; DNS, the metadata endpoint and the time service are link-local and not filtered.
            AllowAllOutbound = false,
        });
        SecurityGroup.AddEgressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS to AWS APIs");
    }

    public ServiceModel Model { get; }

    public AppTask Task { get; }

    public FargateTaskDefinition TaskDefinition => Task.TaskDefinition;

    public SecurityGroup SecurityGroup { get; }
}
