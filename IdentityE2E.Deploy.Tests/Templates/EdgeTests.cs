using Amazon.CDK.Assertions;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class EdgeTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutACertificateCloudFrontServesHttpsAndRedirectsHttp()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var distributions = app.OfType("AWS::CloudFront::Distribution");

        // Assert
        Assert.Single(distributions);
        app.Template.HasResourceProperties("AWS::CloudFront::Distribution", Props.Of(("DistributionConfig", Props.Of(
            ("DefaultCacheBehavior", Props.Of(("ViewerProtocolPolicy", "redirect-to-https"))),
            ("Logging", Props.Of(("Bucket", Match.AnyValue())))))));
        app.Template.HasOutput(ApplicationStack.PublicUrlOutput, Props.Of(("Value", Props.Of(("Fn::Join", new object[] { string.Empty, new object[] { "https://", Match.AnyValue() } })))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutACertificateTheLoadBalancerAdmitsOnlyCloudFrontsPrefixListAndTheOriginHeader()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var loadBalancerGroup = app.LogicalIdOf("AWS::EC2::SecurityGroup", "EdgeLoadBalancerSecurityGroup");

        // Act
        var ingress = app.OfType("AWS::EC2::SecurityGroupIngress").Select(r => r.Resource["Properties"]!)
            .Where(p => p["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>() == loadBalancerGroup).ToList();

        // Assert
        var rule = Assert.Single(ingress);
        Assert.Equal(Edge.PrefixListParameter, rule["SourcePrefixListId"]!["Ref"]!.GetValue<string>());
        Assert.Null(app.Resource(loadBalancerGroup)["Properties"]!["SecurityGroupIngress"]);
        app.Template.HasParameter(Edge.PrefixListParameter, Props.Of(("Type", "String")));
        app.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("Port", 80),
            ("DefaultActions", new object[] { Props.Of(("Type", "fixed-response"), ("FixedResponseConfig", Props.Of(("StatusCode", "403")))) })));
        app.Template.AllResourcesProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Of(
            ("Conditions", Match.ArrayWith([Match.ObjectLike(Props.Of(("Field", "http-header"), ("HttpHeaderConfig", Match.ObjectLike(Props.Of(("HttpHeaderName", Edge.OriginHeader))))))]))));
        app.Template.HasResourceProperties("AWS::CloudFront::Distribution", Props.Of(("DistributionConfig", Props.Of(("Origins", new object[]
        {
            Props.Of(("OriginCustomHeaders", new object[] { Props.Of(("HeaderName", Edge.OriginHeader)) })),
        })))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheOriginHeaderValueIsASecretResolvedAtDeployNotATemplateLiteral()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var rule = Assert.Single(app.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")).Resource["Properties"]!;
        var header = rule["Conditions"]!.AsArray().Single(c => c!["Field"]!.GetValue<string>() == "http-header")!;

        // Assert
        Assert.Contains("{{resolve:secretsmanager:", header["HttpHeaderConfig"]!["Values"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithACertificateTheListenerUsesTheTls13PolicyAndHttpRedirectsWith301()
    {
        // Arrange
        var app = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        var distributions = app.OfType("AWS::CloudFront::Distribution");

        // Assert
        Assert.Empty(distributions);
        app.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("Port", 443),
            ("Protocol", "HTTPS"),
            ("SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
            ("Certificates", new object[] { Props.Of(("CertificateArn", SynthesizedEnvironments.CertificateArn)) })));
        app.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("Port", 80),
            ("DefaultActions", new object[] { Props.Of(("Type", "redirect"), ("RedirectConfig", Props.Of(("Protocol", "HTTPS"), ("Port", "443"), ("StatusCode", "HTTP_301")))) })));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WhereverACertificateOfOurOwnServesViewersTlsBelow12IsRefused()
    {
        // Arrange
        var cancellation = TestContext.Current.CancellationToken;
        var variants = new[] { await environments.Dev(cancellation), await environments.Prod(cancellation), await environments.Alternatives(cancellation) };

        // Act
        var withCertificate = variants.Where(v => v.Settings.CertificateArn is not null).Select(v => v.Application).ToList();

        // Assert: the load balancer's listener with the TLS 1.3/1.2 policy, and any distribution that carried our
        // certificate would have to use TLSv1.2_2021 (only the default *.cloudfront.net one may go without it).
        Assert.NotEmpty(withCertificate);
        Assert.All(withCertificate, app =>
        {
            var https = app.OfType("AWS::ElasticLoadBalancingV2::Listener").Select(l => l.Resource["Properties"]!).Where(p => p["Protocol"]!.GetValue<string>() == "HTTPS").ToList();
            Assert.NotEmpty(https);
            Assert.All(https, listener => Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", listener["SslPolicy"]!.GetValue<string>()));
        });
        Assert.All(variants.SelectMany(v => v.Application.OfType("AWS::CloudFront::Distribution")), distribution =>
        {
            var viewer = distribution.Resource["Properties"]!["DistributionConfig"]!["ViewerCertificate"];
            if (viewer?["AcmCertificateArn"] is not null)
            {
                Assert.Equal("TLSv1.2_2021", viewer["MinimumProtocolVersion"]!.GetValue<string>());
            }
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheLoadBalancerDropsInvalidHeadersAndLogsToAnEncryptedTlsOnlyBucket()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var bucket = app.LogicalIdOf("AWS::S3::Bucket", "EdgeAccessLogs");

        // Assert
        app.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Props.Of(("LoadBalancerAttributes", Match.ArrayWith(
        [
            Props.Of(("Key", "routing.http.drop_invalid_header_fields.enabled"), ("Value", "true")),
            Props.Of(("Key", "access_logs.s3.enabled"), ("Value", "true")),
            Props.Of(("Key", "access_logs.s3.bucket"), ("Value", Props.Of(("Ref", bucket)))),
        ]))));
        app.Template.HasResourceProperties("AWS::S3::Bucket", Props.Of(
            ("BucketEncryption", Props.Of(("ServerSideEncryptionConfiguration", new object[] { Props.Of(("ServerSideEncryptionByDefault", Props.Of(("SSEAlgorithm", "AES256")))) }))),
            ("PublicAccessBlockConfiguration", Props.Of(("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true), ("RestrictPublicBuckets", true)))));
        app.Template.HasResourceProperties("AWS::S3::BucketPolicy", Props.Of(("PolicyDocument", Props.Of(("Statement", Match.ArrayWith(
        [
            Match.ObjectLike(Props.Of(("Effect", "Deny"), ("Condition", Props.Of(("Bool", Props.Of(("aws:SecureTransport", "false"))))))),
        ]))))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ProdProtectsTheLoadBalancerFromDeletionAndDevDoesNot()
    {
        // Arrange
        var prod = (await environments.Prod(TestContext.Current.CancellationToken)).Application;
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        static object DeletionProtection(string value) =>
            Props.Of(("LoadBalancerAttributes", Match.ArrayWith([Props.Of(("Key", "deletion_protection.enabled"), ("Value", value))])));

        // Assert
        prod.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", DeletionProtection("true"));
        dev.Template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", DeletionProtection("false"));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyPublicServicesAreBehindTheLoadBalancer()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var behindLoadBalancer = app.OfType("AWS::ECS::Service")
            .Where(s => s.Resource["Properties"]!["LoadBalancers"] is not null)
            .Select(s => s.LogicalId)
            .ToList();

        // Assert
        var publicServices = synthesized.Model.PublicServices.Select(s => $"{s.Name}Service").ToList();
        Assert.Equal(publicServices.Count, behindLoadBalancer.Count);
        Assert.All(behindLoadBalancer, id => Assert.Contains(publicServices, prefix => id.StartsWith(prefix, StringComparison.Ordinal)));
        app.Template.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ServiceConnectTlsUsesThePrivateCaWhenConfigured()
    {
        // Arrange
        var app = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        var backend = app.Resource(app.LogicalIdOf("AWS::ECS::Service", "backendService"));

        // Assert
        var tls = backend["Properties"]!["ServiceConnectConfiguration"]!["Services"]![0]!["Tls"]!;
        Assert.Equal(SynthesizedEnvironments.PrivateCaArn, tls["IssuerCertificateAuthority"]!["AwsPcaAuthorityArn"]!.GetValue<string>());
        Assert.NotNull(tls["RoleArn"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task BehindCloudFrontThePublicServiceLearnsTheViewersSchemeAndAddress()
    {
        // Arrange
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var withCertificate = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        var policy = dev.OfType("AWS::CloudFront::Distribution").Single().Resource["Properties"]!["DistributionConfig"]!["DefaultCacheBehavior"]!["OriginRequestPolicyId"]!;
        var frontend = StackTemplate.EnvironmentOf(dev.AppContainer("frontend"));
        var backend = StackTemplate.EnvironmentOf(dev.AppContainer("backend"));
        var frontendWithCertificate = StackTemplate.EnvironmentOf(withCertificate.AppContainer("frontend"));

        // Assert: AllViewerAndCloudFrontHeaders-2022-06 forwards CloudFront-Forwarded-Proto and the viewer's address
        Assert.Equal("33f36d7e-f396-46d9-90e0-52428a34d9dc", policy.GetValue<string>());
        Assert.Equal(("2", "true"), (frontend["ForwardedHeaders__ForwardLimit"], frontend["ForwardedHeaders__TrustCloudFrontProto"]));
        Assert.DoesNotContain("ForwardedHeaders__TrustCloudFrontProto", backend.Keys);
        Assert.DoesNotContain("ForwardedHeaders__TrustCloudFrontProto", frontendWithCertificate.Keys);
    }
}
