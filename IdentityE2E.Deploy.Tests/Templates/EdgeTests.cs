using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class EdgeTests(SynthesizedEnvironments environments)
{
    private static JsonNode VpcOriginConfig(StackTemplate app) =>
        Assert.Single(app.OfType("AWS::CloudFront::VpcOrigin")).Resource["Properties"]!["VpcOriginEndpointConfig"]!;

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task CloudFrontIsTheOnlyEntryAndRedirectsHttpToHttps()
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
    public async Task TheLoadBalancerIsInternalAndSitsInThePrivateSubnets()
    {
        // Arrange
        var variants = await environments.All(TestContext.Current.CancellationToken);

        // Act
        var loadBalancers = variants.Select(v => (v.Application, Properties: Assert.Single(v.Application.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer")).Resource["Properties"]!)).ToList();

        // Assert
        Assert.All(loadBalancers, pair =>
        {
            Assert.Equal("internal", pair.Properties["Scheme"]!.GetValue<string>());
            var subnets = pair.Properties["Subnets"]!.AsArray().Select(s => s!["Ref"]!.GetValue<string>()).Order().ToList();
            Assert.Equal(NetworkTests.PrivateSubnets(pair.Application).Order(), subnets);
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task CloudFrontReachesTheLoadBalancerThroughAVpcOriginAndNoOtherOrigin()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var loadBalancer = Assert.Single(app.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer")).LogicalId;
        var vpcOrigin = Assert.Single(app.OfType("AWS::CloudFront::VpcOrigin")).LogicalId;

        // Act
        var endpoint = VpcOriginConfig(app);
        var origins = Assert.Single(app.OfType("AWS::CloudFront::Distribution")).Resource["Properties"]!["DistributionConfig"]!["Origins"]!.AsArray();

        // Assert
        Assert.Equal(loadBalancer, endpoint["Arn"]!["Ref"]!.GetValue<string>());
        Assert.Equal("IdentityE2E-dev", endpoint["Name"]!.GetValue<string>());
        Assert.Equal((80, 443, "http-only"), (endpoint["HTTPPort"]!.GetValue<int>(), endpoint["HTTPSPort"]!.GetValue<int>(), endpoint["OriginProtocolPolicy"]!.GetValue<string>()));
        Assert.Equal(["TLSv1.2"], endpoint["OriginSSLProtocols"]!.AsArray().Select(p => p!.GetValue<string>()));
        var origin = Assert.Single(origins)!;
        Assert.Equal(StackTemplate.GetAtt(vpcOrigin, "Id").ToJsonString(), origin["VpcOriginConfig"]!["VpcOriginId"]!.ToJsonString());
        Assert.Null(origin["CustomOriginConfig"]);
        Assert.Null(origin["OriginCustomHeaders"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheLoadBalancerAdmitsOnlyCloudFrontsVpcOriginGroupOnTheOriginPort()
    {
        // Arrange
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var withDomain = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        static (JsonNode Rule, JsonObject Lookup, string Group) AdmissionOf(StackTemplate app)
        {
            var group = app.LogicalIdOf("AWS::EC2::SecurityGroup", "EdgeLoadBalancerSecurityGroup");
            var rule = Assert.Single(app.OfType("AWS::EC2::SecurityGroupIngress").Select(r => r.Resource["Properties"]!),
                p => p["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>() == group);
            var lookup = app.Resource(rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>());
            return (rule, lookup, group);
        }

        // Assert
        foreach (var (app, port) in new[] { (dev, 80), (withDomain, 443) })
        {
            var (rule, lookup, group) = AdmissionOf(app);
            Assert.Equal((port, port, "tcp"), (rule["FromPort"]!.GetValue<int>(), rule["ToPort"]!.GetValue<int>(), rule["IpProtocol"]!.GetValue<string>()));
            Assert.Equal("SecurityGroups.0.GroupId", rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![1]!.GetValue<string>());
            Assert.Equal("Custom::CloudFrontVpcOriginSecurityGroup", lookup["Type"]!.GetValue<string>());
            var call = string.Concat(lookup["Properties"]!["Create"]!["Fn::Join"]![1]!.AsArray().Select(part => part is JsonValue text ? text.GetValue<string>() : string.Empty));
            Assert.Contains($"{{\"Name\":\"group-name\",\"Values\":[\"{CloudFrontVpcOrigin.ServiceSecurityGroupName}\"]}}", call, StringComparison.Ordinal);
            Assert.Contains(app.LogicalIdOf("AWS::CloudFront::Distribution", "EdgeDistribution"), lookup["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
            Assert.Null(app.Resource(group)["Properties"]!["SecurityGroupIngress"]);
        }
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task NoSecurityGroupAnywhereAdmitsTheInternet()
    {
        // Arrange
        var variants = await environments.All(TestContext.Current.CancellationToken);

        // Act
        var sources = variants.SelectMany(v => v.Application.OfType("AWS::EC2::SecurityGroupIngress").Select(r => r.Resource["Properties"]!)
                .Concat(v.Application.OfType("AWS::EC2::SecurityGroup").SelectMany(g => g.Resource["Properties"]!["SecurityGroupIngress"]?.AsArray() ?? []).Select(r => r!)))
            .Select(rule => rule["CidrIp"]?.ToJsonString() ?? rule["CidrIpv6"]?.ToJsonString() ?? string.Empty)
            .ToList();

        // Assert
        Assert.DoesNotContain("\"0.0.0.0/0\"", sources);
        Assert.DoesNotContain("\"::/0\"", sources);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task NeitherTheOriginSecretHeaderNorThePrefixListParameterRemains()
    {
        // Arrange
        var variants = await environments.All(TestContext.Current.CancellationToken);

        // Act
        var templates = variants.Select(v => v.Application.Json.ToJsonString()).ToList();

        // Assert
        Assert.All(templates, json =>
        {
            Assert.DoesNotContain("X-Origin-Verify", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("PrefixList", json, StringComparison.Ordinal);
            Assert.DoesNotContain("http-header", json, StringComparison.Ordinal);
        });
        Assert.All(variants, v => Assert.Equal(["BootstrapVersion", ApplicationStack.ImageTagParameter, Edge.WebAclArnParameter], v.Application.Json["Parameters"]!.AsObject().Select(p => p.Key).Order()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheDistributionIsGuardedByTheWebAclThatTheEdgeSecurityStackOutputs()
    {
        // Arrange
        var variants = await environments.All(TestContext.Current.CancellationToken);

        // Act
        var pairs = variants.Select(v => (v.Application, v.EdgeSecurity, WebAclId: Assert.Single(v.Application.OfType("AWS::CloudFront::Distribution")).Resource["Properties"]!["DistributionConfig"]!["WebACLId"]!)).ToList();

        // Assert: the deploy command reads the output and passes it in; no export, so no cross-region machinery.
        Assert.All(pairs, pair =>
        {
            Assert.Equal(StackTemplate.Ref(Edge.WebAclArnParameter).ToJsonString(), pair.WebAclId.ToJsonString());
            Assert.StartsWith("^arn:aws[a-z-]*:wafv2:us-east-1:", pair.Application.Json["Parameters"]![Edge.WebAclArnParameter]!["AllowedPattern"]!.GetValue<string>(), StringComparison.Ordinal);
            var output = pair.EdgeSecurity!.Json["Outputs"]![EdgeSecurityStack.WebAclArnOutput]!;
            Assert.Equal(StackTemplate.GetAtt("WebAcl", "Arn").ToJsonString(), output["Value"]!.ToJsonString());
            Assert.Null(output["Export"]);
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
        var withDomain = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        var policy = dev.OfType("AWS::CloudFront::Distribution").Single().Resource["Properties"]!["DistributionConfig"]!["DefaultCacheBehavior"]!["OriginRequestPolicyId"]!;
        var frontend = StackTemplate.EnvironmentOf(dev.AppContainer("frontend"));
        var backend = StackTemplate.EnvironmentOf(dev.AppContainer("backend"));
        var frontendWithDomain = StackTemplate.EnvironmentOf(withDomain.AppContainer("frontend"));

        // Assert: AllViewerAndCloudFrontHeaders-2022-06 forwards CloudFront-Forwarded-Proto and the viewer's address;
        // CloudFront fronts every public service, own domain or not.
        Assert.Equal("33f36d7e-f396-46d9-90e0-52428a34d9dc", policy.GetValue<string>());
        Assert.Equal(("2", "true"), (frontend["ForwardedHeaders__ForwardLimit"], frontend["ForwardedHeaders__TrustCloudFrontProto"]));
        Assert.Equal(("2", "true"), (frontendWithDomain["ForwardedHeaders__ForwardLimit"], frontendWithDomain["ForwardedHeaders__TrustCloudFrontProto"]));
        Assert.DoesNotContain("ForwardedHeaders__TrustCloudFrontProto", backend.Keys);
    }
}
