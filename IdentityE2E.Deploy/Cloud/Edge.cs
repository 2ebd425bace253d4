using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The one public entry: a shared internet-facing ALB with a rule per public service. With a certificate
/// it serves HTTPS itself (TLS 1.3/1.2 policy, HTTP redirected with 301). Without one, CloudFront serves
/// HTTPS on its own name and the ALB accepts only CloudFront: its managed prefix list at the security
/// group, and a secret origin header at every listener rule.
/// </summary>
internal sealed class Edge : Construct
{
    public const string OriginHeader = "X-Origin-Verify";

    /// <summary>The CloudFormation parameter for the id of com.amazonaws.global.cloudfront.origin-facing.</summary>
    public const string PrefixListParameter = "CloudFrontPrefixListId";

    private readonly IVpc vpc;
    private readonly ApplicationListener listener;
    private readonly ListenerCondition? fromCloudFront;
    private int nextPriority = 10;

    public Edge(Construct scope, string id, EnvironmentSettings settings, IVpc vpc, IKey secretKey) : base(scope, id)
    {
        this.vpc = vpc;
        AccessLogs = new Bucket(this, "AccessLogs", new BucketProps
        {
            // ALB access logs can only be written with SSE-S3, not with a KMS key.
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            MinimumTLSVersion = 1.2,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            // CloudFront standard logging delivers with an ACL grant, so ACLs must stay possible then.
            ObjectOwnership = settings.UsesCloudFront ? ObjectOwnership.BUCKET_OWNER_PREFERRED : ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(settings.LogRetentionDays) }],
            // Access logs are evidence; they outlive the stack and expire by the lifecycle rule.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Nag.Acknowledge(AccessLogs, new NagRule("AwsSolutions-S1", "This bucket is the access-log destination itself; logging access to it would need yet another log bucket."));

        var securityGroup = new SecurityGroup(this, "LoadBalancerSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = settings.UsesCloudFront ? "Public load balancer: CloudFront only" : "Public load balancer: HTTPS and redirected HTTP",
            // Egress is added per target: the load balancer reaches only the public services on 8080.
            AllowAllOutbound = false,
        });
        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = true,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            SecurityGroup = securityGroup,
            DropInvalidHeaderFields = true,
            DeletionProtection = settings.DeletionProtection,
        });
        LoadBalancer.LogAccessLogs(AccessLogs, "alb");

        if (settings.CertificateArn is { } certificate)
        {
            securityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS from the internet");
            securityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "HTTP from the internet, answered with a redirect to HTTPS");
            Nag.Acknowledge(securityGroup, new NagRule("AwsSolutions-EC23", "This is the application's public entry point; it admits the internet on 443 and on 80 only to redirect to HTTPS."));
            listener = LoadBalancer.AddListener("Https", new BaseApplicationListenerProps
            {
                Port = 443,
                Protocol = ApplicationProtocol.HTTPS,
                SslPolicy = SslPolicy.RECOMMENDED_TLS,
                Certificates = [ListenerCertificate.FromArn(certificate)],
                Open = false,
                DefaultAction = ListenerAction.FixedResponse(404, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Not found" }),
            });
            LoadBalancer.AddListener("HttpRedirect", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = false,
                DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
            });
            // The certificate's own name: the load balancer's DNS name would fail TLS in the browser, and
            // sign-in redirects back to this URL.
            PublicUrl = $"https://{settings.DomainName ?? LoadBalancer.LoadBalancerDnsName}";
            return;
        }

        // The prefix list id differs per region and needs an AWS call to find, so the deploy command looks
        // it up and passes it in; synthesis stays offline.
        var prefixList = new CfnParameter(Stack.Of(this), PrefixListParameter, new CfnParameterProps
        {
            Type = "String",
            AllowedPattern = "^pl-[0-9a-f]{8,17}$",
            Description = "Id of the managed prefix list com.amazonaws.global.cloudfront.origin-facing in this region.",
        });
        securityGroup.AddIngressRule(Peer.PrefixList(prefixList.ValueAsString), Port.Tcp(80), "HTTP from CloudFront's origin-facing servers only");

        var originSecret = new Secret(this, "OriginVerifySecret", new SecretProps
        {
            Description = "Header value that proves a request came through this stack's CloudFront distribution.",
            EncryptionKey = secretKey,
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 48, ExcludePunctuation = true },
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Acknowledge(originSecret, new NagRule("AwsSolutions-SMG4", "The value must change in CloudFront and the listener rules together, which a deploy does and a rotation Lambda cannot; the prefix list already limits who can connect."));

        // A dynamic reference: CloudFormation resolves it at deploy time, so the value is in no template.
        var headerValue = originSecret.SecretValue.UnsafeUnwrap();
        fromCloudFront = ListenerCondition.HttpHeader(OriginHeader, [headerValue]);
        listener = LoadBalancer.AddListener("Http", new BaseApplicationListenerProps
        {
            Port = 80,
            Protocol = ApplicationProtocol.HTTP,
            Open = false,
            DefaultAction = ListenerAction.FixedResponse(403, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Forbidden" }),
        });

        Distribution = new Distribution(this, "Distribution", new DistributionProps
        {
            Comment = "HTTPS entry for the public services",
            DefaultBehavior = new BehaviorOptions
            {
                // CloudFront has no certificate for the ALB's own name, so this leg is HTTP on AWS's network,
                // restricted as above; set certificateArn for TLS all the way to the load balancer.
                Origin = new HttpOrigin(LoadBalancer.LoadBalancerDnsName, new HttpOriginProps
                {
                    ProtocolPolicy = OriginProtocolPolicy.HTTP_ONLY,
                    CustomHeaders = new Dictionary<string, string> { [OriginHeader] = headerValue },
                }),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                AllowedMethods = AllowedMethods.ALLOW_ALL,
                // A server-rendered app with forms and cookies: pass everything through, cache nothing.
                CachePolicy = CachePolicy.CACHING_DISABLED,
                // Everything the viewer sent (the Host among it, so redirects name the distribution) plus
                // CloudFront-Forwarded-Proto and the viewer's address: the load balancer's own
                // X-Forwarded-Proto says "http" on this leg, so the app learns of the viewer's HTTPS from CloudFront.
                OriginRequestPolicy = OriginRequestPolicy.ALL_VIEWER_AND_CLOUDFRONT_2022,
            },
            HttpVersion = HttpVersion.HTTP2_AND_3,
            PriceClass = PriceClass.PRICE_CLASS_100,
            EnableLogging = true,
            LogBucket = AccessLogs,
            LogFilePrefix = "cloudfront/",
        });
        Nag.Acknowledge(Distribution,
            new NagRule("AwsSolutions-CFR5", "Without a certificate the load balancer has no name CloudFront can verify TLS against, so the origin leg is HTTP on AWS's network, admitted only from CloudFront's prefix list with the secret header; certificateArn removes this leg."),
            new NagRule("AwsSolutions-CFR4", "Without a certificate of our own the distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer policy; set certificateArn to serve TLS 1.2+ from the load balancer."),
            new NagRule("AwsSolutions-CFR1", "The service has no legal reason to exclude any country; geo restriction would only block legitimate users."),
            new NagRule("AwsSolutions-CFR2", "AWS WAF (from $5 a month plus rules) is left to the client's security decision; the ALB drops invalid headers and admits only CloudFront."));
        PublicUrl = $"https://{Distribution.DistributionDomainName}";
    }

    public ApplicationLoadBalancer LoadBalancer { get; }

    public Bucket AccessLogs { get; }

    public Distribution? Distribution { get; }

    /// <summary>Where people open the application.</summary>
    public string PublicUrl { get; }

    /// <summary>
    /// A target group on /health for the service and a listener rule to it: the first public service takes
    /// every path, any further one its own /&lt;name&gt; prefix.
    /// </summary>
    public ApplicationTargetGroup Route(ProjectService service, bool catchAll)
    {
        var name = service.Model.Name;
        var targetGroup = new ApplicationTargetGroup(this, $"{name}Targets", new ApplicationTargetGroupProps
        {
            Vpc = vpc,
            Port = CloudModel.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            Targets = [service.Service.LoadBalancerTarget(new Amazon.CDK.AWS.ECS.LoadBalancerTargetOptions { ContainerName = ProjectService.AppContainer, ContainerPort = CloudModel.ContainerPort })],
            HealthCheck = new ElbHealthCheck
            {
                // Readiness from ServiceDefaults: the service and what it depends on answer.
                Path = "/health",
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                Timeout = Duration.Seconds(5),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
            DeregistrationDelay = Duration.Seconds(30),
        });

        var conditions = new List<ListenerCondition> { ListenerCondition.PathPatterns(catchAll ? ["/*"] : [$"/{name}", $"/{name}/*"]) };
        if (fromCloudFront is not null)
        {
            conditions.Add(fromCloudFront);
        }

        listener.AddTargetGroups(name, new AddApplicationTargetGroupsProps
        {
            TargetGroups = [targetGroup],
            Conditions = [.. conditions],
            Priority = catchAll ? 50000 : nextPriority += 10,
        });
        return targetGroup;
    }
}
