using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.CustomResources;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// CloudFront's private way to the internal load balancer: a CloudFront VPC origin. CloudFront places
/// network interfaces in the load balancer's subnets and sends viewer requests through them, so the load
/// balancer needs no public address and no route from the internet. aws-cdk-lib 2.160 predates VPC
/// origins (November 2024), hence the raw resource and the property overrides on the distribution.
/// </summary>
internal sealed class CloudFrontVpcOrigin : Construct
{
    /// <summary>The group CloudFront creates in the VPC with its first VPC origin and puts on its interfaces.</summary>
    public const string ServiceSecurityGroupName = "CloudFront-VPCOrigins-Service-SG";

    // TLS 1.2 even on the HTTP leg: should the policy ever change, no older protocol comes with it.
    private static readonly string[] OriginProtocols = ["TLSv1.2"];

    private readonly CfnResource resource;

    public CloudFrontVpcOrigin(Construct scope, string id, string name, ApplicationLoadBalancer loadBalancer, bool https) : base(scope, id)
    {
        Port = https ? 443 : 80;
        resource = new CfnResource(this, "Resource", new CfnResourceProps
        {
            Type = "AWS::CloudFront::VpcOrigin",
            Properties = new Dictionary<string, object>
            {
                ["VpcOriginEndpointConfig"] = new Dictionary<string, object>
                {
                    ["Name"] = name,
                    ["Arn"] = loadBalancer.LoadBalancerArn,
                    ["HTTPPort"] = 80,
                    ["HTTPSPort"] = 443,
                    // Without a certificate of our own the load balancer has no name a certificate covers, so
                    // this leg is HTTP; it runs from CloudFront's interfaces inside the VPC, never the internet.
                    ["OriginProtocolPolicy"] = https ? "https-only" : "http-only",
                    ["OriginSSLProtocols"] = OriginProtocols,
                },
            },
        });
    }

    /// <summary>The load balancer port CloudFront connects to: 443 with a certificate, 80 without.</summary>
    public int Port { get; }

    /// <summary>
    /// Makes the VPC origin the distribution's only origin: VpcOriginConfig in place of the
    /// CustomOriginConfig that CDK's HttpOrigin renders.
    /// </summary>
    public void Serve(Distribution distribution)
    {
        var origin = (CfnDistribution)distribution.Node.DefaultChild!;
        origin.AddPropertyDeletionOverride("DistributionConfig.Origins.0.CustomOriginConfig");
        origin.AddPropertyOverride("DistributionConfig.Origins.0.VpcOriginConfig", new Dictionary<string, object>
        {
            ["VpcOriginId"] = resource.GetAtt("Id"),
        });
    }

    /// <summary>
    /// Lets CloudFront's VPC-origin interfaces, and nothing else, reach the load balancer on <see cref="Port"/>.
    /// </summary>
    /// <remarks>
    /// AWS documents two sources: the managed prefix list com.amazonaws.global.cloudfront.origin-facing,
    /// or the group CloudFront creates for its VPC-origin interfaces. The group is the narrower one (only
    /// the interfaces CloudFront made in this VPC, not every CloudFront address) and costs one rule where
    /// the prefix list weighs about 55 against the group's quota of 60. Its id is in no CloudFormation
    /// attribute and exists only once the VPC origin does, so a deploy-time SDK call looks it up by name
    /// after the distribution is in place; no parameter and no lookup before the deploy is needed.
    /// </remarks>
    public void AdmitInto(SecurityGroup loadBalancerGroup, IVpc vpc, Distribution distribution, IKey logKey, int logRetentionDays)
    {
        var describe = new AwsSdkCall
        {
            Service = "EC2",
            Action = "describeSecurityGroups",
            Parameters = new Dictionary<string, object>
            {
                ["Filters"] = new object[]
                {
                    new Dictionary<string, object> { ["Name"] = "vpc-id", ["Values"] = new[] { vpc.VpcId } },
                    new Dictionary<string, object> { ["Name"] = "group-name", ["Values"] = new[] { ServiceSecurityGroupName } },
                },
            },
            PhysicalResourceId = PhysicalResourceId.FromResponse("SecurityGroups.0.GroupId"),
            OutputPaths = ["SecurityGroups.0.GroupId"],
        };
        var lookup = new AwsCustomResource(this, "ServiceSecurityGroup", new AwsCustomResourceProps
        {
            ResourceType = "Custom::CloudFrontVpcOriginSecurityGroup",
            OnCreate = describe,
            OnUpdate = describe,
            Policy = AwsCustomResourcePolicy.FromSdkCalls(new SdkCallsPolicyOptions { Resources = AwsCustomResourcePolicy.ANY_RESOURCE }),
            InstallLatestAwsSdk = false,
            LogGroup = SdkCallProvider.Logs(this, logKey, logRetentionDays),
        });
        // CloudFront creates the group with the VPC origin and may finish it only with the distribution.
        lookup.Node.AddDependency(resource, distribution);
        SdkCallProvider.Acknowledge(this);
        Nag.Acknowledge(lookup.Node.FindChild("CustomResourcePolicy"), new NagRule(
            "AwsSolutions-IAM5",
            "ec2:DescribeSecurityGroups has no resource-level permissions; the handler only reads which group CloudFront made for its VPC origins here.",
            "Resource::*"));

        // A separate rule resource: inlined into the group it would make the group wait for the lookup,
        // which waits for the load balancer, which needs the group first.
        _ = new CfnSecurityGroupIngress(this, "FromCloudFront", new CfnSecurityGroupIngressProps
        {
            GroupId = loadBalancerGroup.SecurityGroupId,
            SourceSecurityGroupId = lookup.GetResponseField("SecurityGroups.0.GroupId"),
            IpProtocol = "tcp",
            FromPort = Port,
            ToPort = Port,
            Description = "CloudFront VPC origin interfaces only",
        });
    }
}
