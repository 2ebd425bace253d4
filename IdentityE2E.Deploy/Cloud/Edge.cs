using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The one public entry: CloudFront with AWS WAF, reaching an internal load balancer in the private
/// subnets through a VPC origin; a listener rule per public service. Nothing in the VPC takes traffic
/// from the internet. With an own domain CloudFront serves viewers with its us-east-1 certificate and
/// reaches the load balancer over HTTPS with the regional one; without, viewers get the distribution's
/// *.cloudfront.net name and the leg inside AWS is HTTP.
/// </summary>
internal sealed class Edge : Construct
{
    /// <summary>The CloudFormation parameter for the ARN of the edge security stack's web ACL.</summary>
    public const string WebAclArnParameter = "WebAclArn";

    private readonly IVpc vpc;
    private readonly ApplicationListener listener;
    private int nextPriority = 10;

    public Edge(Construct scope, string id, EnvironmentSettings settings, IVpc vpc, IKey operationsKey) : base(scope, id)
    {
        this.vpc = vpc;
        AccessLogs = new Bucket(this, "AccessLogs", new BucketProps
        {
            // ALB access logs can only be written with SSE-S3, not with a KMS key.
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            MinimumTLSVersion = 1.2,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            // CloudFront standard logging delivers with an ACL grant, so ACLs must stay possible.
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_PREFERRED,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(settings.LogRetentionDays) }],
            // Access logs are evidence; they outlive the stack and expire by the lifecycle rule.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Nag.Acknowledge(AccessLogs, new NagRule("AwsSolutions-S1", "This bucket is the access-log destination itself; logging access to it would need yet another log bucket."));

        var securityGroup = new SecurityGroup(this, "LoadBalancerSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "Internal load balancer: CloudFront VPC origin only",
            // Egress is added per target: the load balancer reaches only the public services on 8080.
            AllowAllOutbound = false,
        });
        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = false,
            VpcSubnets = Network.TaskSubnets,
            SecurityGroup = securityGroup,
            DropInvalidHeaderFields = true,
            DeletionProtection = settings.DeletionProtection,
        });
        LoadBalancer.LogAccessLogs(AccessLogs, "alb");

        var origin = new CloudFrontVpcOrigin(this, "VpcOrigin", $"{Naming.Application}-{settings.Name}", LoadBalancer, https: settings.HasOwnDomain);
        listener = settings.CertificateArn is { } certificate
            ? LoadBalancer.AddListener("Https", new BaseApplicationListenerProps
            {
                Port = origin.Port,
                Protocol = ApplicationProtocol.HTTPS,
                SslPolicy = SslPolicy.RECOMMENDED_TLS,
                Certificates = [ListenerCertificate.FromArn(certificate)],
                Open = false,
                DefaultAction = NotFound,
            })
            : LoadBalancer.AddListener("Http", new BaseApplicationListenerProps
            {
                Port = origin.Port,
                Protocol = ApplicationProtocol.HTTP,
                Open = false,
                DefaultAction = NotFound,
            });

        // The web ACL lives in us-east-1 whatever this stack's region; the deploy command passes its ARN in.
        var webAclArn = new CfnParameter(Stack.Of(this), WebAclArnParameter, new CfnParameterProps
        {
            Type = "String",
            AllowedPattern = "^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/.+$",
            Description = "ARN of the CLOUDFRONT-scope web ACL of the edge security stack (its WebAclArn output).",
        });
        Distribution = new Distribution(this, "Distribution", new DistributionProps
        {
            Comment = "HTTPS entry for the public services",
            DomainNames = settings.DomainName is { } domain ? [domain] : null,
            Certificate = settings.CloudFrontCertificateArn is { } viewerCertificate ? Certificate.FromCertificateArn(this, "ViewerCertificate", viewerCertificate) : null,
            MinimumProtocolVersion = settings.HasOwnDomain ? SecurityPolicyProtocol.TLS_V1_2_2021 : null,
            WebAclId = webAclArn.ValueAsString,
            DefaultBehavior = new BehaviorOptions
            {
                // With an own domain CloudFront names it in the TLS handshake with the load balancer, whose
                // certificate is for that name; without, the name only labels the origin.
                Origin = new HttpOrigin(settings.DomainName ?? LoadBalancer.LoadBalancerDnsName),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                AllowedMethods = AllowedMethods.ALLOW_ALL,
                // A server-rendered app with forms and cookies: pass everything through, cache nothing.
                CachePolicy = CachePolicy.CACHING_DISABLED,
                // Everything the viewer sent (the Host among it, so redirects name the public host) plus
                // CloudFront-Forwarded-Proto and the viewer's address: without an own domain the load
                // balancer's X-Forwarded-Proto says "http", so the app learns of the viewer's HTTPS from CloudFront.
                OriginRequestPolicy = OriginRequestPolicy.ALL_VIEWER_AND_CLOUDFRONT_2022,
            },
            HttpVersion = HttpVersion.HTTP2_AND_3,
            PriceClass = PriceClass.PRICE_CLASS_100,
            EnableLogging = true,
            LogBucket = AccessLogs,
            LogFilePrefix = "cloudfront/",
        });
        origin.Serve(Distribution);
        origin.AdmitInto(securityGroup, vpc, Distribution, operationsKey, settings.LogRetentionDays);
        AcknowledgeDistribution(settings);

        // The own domain's name: sign-in redirects back to this URL.
        PublicUrl = $"https://{settings.DomainName ?? Distribution.DistributionDomainName}";
    }

    public ApplicationLoadBalancer LoadBalancer { get; }

    public Bucket AccessLogs { get; }

    public Distribution Distribution { get; }

    /// <summary>Where people open the application.</summary>
    public string PublicUrl { get; }

    private static ListenerAction NotFound => ListenerAction.FixedResponse(404, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Not found" });

    /// <summary>
    /// A target group for the service, checked on its health path, and a listener rule to it: the first
    /// public service (empty <paramref name="pathBase"/>) takes every path, any further one its own
    /// /&lt;name&gt; prefix, which reaches the service unstripped (the edge contract's PATH_BASE).
    /// </summary>
    public ApplicationTargetGroup Route(AppService service, string pathBase)
    {
        var name = service.Model.Name;
        var catchAll = pathBase.Length == 0;
        var targetGroup = new ApplicationTargetGroup(this, $"{name}Targets", new ApplicationTargetGroupProps
        {
            Vpc = vpc,
            Port = service.Model.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            Targets = [service.Service.LoadBalancerTarget(new Amazon.CDK.AWS.ECS.LoadBalancerTargetOptions { ContainerName = AppService.AppContainer, ContainerPort = service.Model.ContainerPort })],
            HealthCheck = new ElbHealthCheck
            {
                // Readiness where viewers reach the service, under its path base: /health of ServiceDefaults for a
                // project, the model's healthCheckPath for a container (the manifest reader refuses a public one without).
                Path = EdgeContract.HealthCheckPath(pathBase, service.Model.Ecs.HealthCheckPath!),
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                Timeout = Duration.Seconds(5),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
            DeregistrationDelay = Duration.Seconds(30),
        });

        listener.AddTargetGroups(name, new AddApplicationTargetGroupsProps
        {
            TargetGroups = [targetGroup],
            Conditions = [ListenerCondition.PathPatterns(catchAll ? ["/*"] : [pathBase, $"{pathBase}/*"])],
            Priority = catchAll ? 50000 : nextPriority += 10,
        });
        return targetGroup;
    }

    private void AcknowledgeDistribution(EnvironmentSettings settings)
    {
        var geoRestriction = new NagRule("AwsSolutions-CFR1", "The service has no legal reason to exclude any country; geo restriction would only block legitimate users.");
        if (settings.HasOwnDomain)
        {
            Nag.Acknowledge(Distribution, geoRestriction);
            return;
        }

        Nag.Acknowledge(Distribution, geoRestriction, new NagRule(
            "AwsSolutions-CFR4",
            "Without a domain of our own the distribution serves the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes itself; certificateArn, cloudFrontCertificateArn and domainName give TLSv1.2_2021."));
    }
}
