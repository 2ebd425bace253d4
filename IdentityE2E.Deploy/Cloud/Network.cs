using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.KMS;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The VPC: public subnets hold only the NAT gateways; tasks and the internal load balancer run in
/// private subnets over two availability zones. AWS traffic stays on endpoints where that is free
/// (DynamoDB, S3) or chosen (ECR and Logs interface endpoints); the rest leaves through NAT.
/// Every endpoint admits only this account's resources (<see cref="EndpointPolicies"/>).
/// </summary>
internal sealed class Network : Construct
{
    public Network(Construct scope, string id, EnvironmentSettings settings, IKey logKey) : base(scope, id)
    {
        var flowLogs = LogGroups.Create(this, "FlowLogs", logKey, settings.LogRetentionDays);
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(Cidr),
            MaxAzs = 2,
            NatGateways = settings.NatGateways,
            // Removes the default security group's rules, so nothing can join it by accident.
            RestrictDefaultSecurityGroup = true,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "Public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "Private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 20 },
            ],
            FlowLogs = new Dictionary<string, IFlowLogOptions>
            {
                ["All"] = new FlowLogOptions
                {
                    Destination = FlowLogDestination.ToCloudWatchLogs(flowLogs),
                    TrafficType = FlowLogTrafficType.ALL,
                },
            },
        });

        var dynamodb = Vpc.AddGatewayEndpoint("DynamoDB", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.DYNAMODB, Subnets = [TaskSubnets] });
        EndpointPolicies.AdmitOnlyThisAccountsResources(dynamodb);
        // ECR serves image layers from S3; the gateway endpoint keeps image pulls off NAT at no cost.
        var s3 = Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3, Subnets = [TaskSubnets] });
        EndpointPolicies.AdmitOnlyThisAccountsResources(s3);
        EndpointPolicies.AdmitEcrImageLayers(s3);
        if (settings.InterfaceEndpoints)
        {
            var endpoints = new SecurityGroup(this, "EndpointSecurityGroup", new SecurityGroupProps
            {
                Vpc = Vpc,
                Description = "Interface endpoints: HTTPS from inside the VPC",
                AllowAllOutbound = false,
            });
            // The literal range (not the VPC's CidrBlock attribute) keeps the rule checkable before deploy.
            endpoints.AddIngressRule(Peer.Ipv4(Cidr), Port.Tcp(443), "HTTPS from the VPC");
            foreach (var (endpointId, service) in InterfaceServices)
            {
                var endpoint = Vpc.AddInterfaceEndpoint(endpointId, new InterfaceVpcEndpointOptions
                {
                    Service = service,
                    Subnets = TaskSubnets,
                    PrivateDnsEnabled = true,
                    SecurityGroups = [endpoints],
                    Open = false,
                });
                // Log groups and repositories are this account's; only the registry token names no resource.
                EndpointPolicies.AdmitOnlyThisAccountsResources(endpoint);
                if (endpointId == "EcrApi")
                {
                    EndpointPolicies.AdmitRegistryTokens(endpoint);
                }
            }
        }

        AcknowledgeDefaultSecurityGroupRestriction();
    }

    /// <summary>The interface endpoints (ECR API, ECR registry, CloudWatch Logs) when the setting is on.</summary>
    public static IReadOnlyList<(string Id, InterfaceVpcEndpointAwsService Service)> InterfaceServices { get; } =
    [
        ("EcrApi", InterfaceVpcEndpointAwsService.ECR),
        ("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER),
        ("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS),
    ];

    public const string Cidr = "10.40.0.0/16";

    public Vpc Vpc { get; }

    /// <summary>Where tasks run: private subnets with egress through NAT, no public IPs.</summary>
    public static SubnetSelection TaskSubnets => new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    /// <summary>
    /// RestrictDefaultSecurityGroup works through a small Lambda-backed custom resource that CDK adds to
    /// the stack; its role and runtime are CDK's, not ours.
    /// </summary>
    private void AcknowledgeDefaultSecurityGroupRestriction()
    {
        var provider = Amazon.CDK.Stack.Of(this).Node.FindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
        Nag.Acknowledge(provider.Node.FindChild("Role"), new NagRule(
            "AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets CDK's default-security-group handler write its own logs; the rest of its policy is scoped to this VPC's default group.",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
        Nag.Acknowledge(provider.Node.FindChild("Handler"), new NagRule(
            "AwsSolutions-L1",
            "The runtime of CDK's default-security-group handler is fixed by aws-cdk-lib 2.160; it runs only while CloudFormation deploys, never serves traffic, and moves with the CDK version."));
    }
}
