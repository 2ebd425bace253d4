using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>An own domain: CloudFront's certificate for viewers, the load balancer's for the VPC-origin leg.</summary>
public sealed class OwnDomainTests(SynthesizedEnvironments environments)
{
    private static JsonNode VpcOriginConfig(StackTemplate app) =>
        Assert.Single(app.OfType("AWS::CloudFront::VpcOrigin")).Resource["Properties"]!["VpcOriginEndpointConfig"]!;

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithAnOwnDomainCloudFrontServesItAndReachesTheLoadBalancerOverTls12WithTheRegionalCertificate()
    {
        // Arrange
        var app = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        var config = Assert.Single(app.OfType("AWS::CloudFront::Distribution")).Resource["Properties"]!["DistributionConfig"]!;
        var endpoint = VpcOriginConfig(app);

        // Assert
        Assert.Equal([SynthesizedEnvironments.DomainName], config["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(SynthesizedEnvironments.DomainName, config["Origins"]![0]!["DomainName"]!.GetValue<string>());
        Assert.Equal(SynthesizedEnvironments.CloudFrontCertificateArn, config["ViewerCertificate"]!["AcmCertificateArn"]!.GetValue<string>());
        Assert.Equal(("https-only", 443), (endpoint["OriginProtocolPolicy"]!.GetValue<string>(), endpoint["HTTPSPort"]!.GetValue<int>()));
        Assert.Equal(["TLSv1.2"], endpoint["OriginSSLProtocols"]!.AsArray().Select(p => p!.GetValue<string>()));
        var listener = Assert.Single(app.OfType("AWS::ElasticLoadBalancingV2::Listener")).Resource["Properties"]!;
        Assert.Equal((443, "HTTPS"), (listener["Port"]!.GetValue<int>(), listener["Protocol"]!.GetValue<string>()));
        Assert.Equal(SynthesizedEnvironments.CertificateArn, listener["Certificates"]![0]!["CertificateArn"]!.GetValue<string>());
        app.Template.HasOutput(ApplicationStack.PublicUrlOutput, Props.Of(("Value", $"https://{SynthesizedEnvironments.DomainName}")));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WhereverACertificateOfOurOwnServesViewersTlsBelow12IsRefused()
    {
        // Arrange
        var variants = await environments.All(TestContext.Current.CancellationToken);

        // Act
        var withDomain = variants.Where(v => v.Settings.HasOwnDomain).Select(v => v.Application).ToList();

        // Assert: CloudFront's viewer certificate with TLSv1.2_2021 (only the default *.cloudfront.net one may go
        // without it), and the load balancer's listener for CloudFront with the TLS 1.3/1.2 policy.
        Assert.NotEmpty(withDomain);
        Assert.All(withDomain, app =>
        {
            var viewer = Assert.Single(app.OfType("AWS::CloudFront::Distribution")).Resource["Properties"]!["DistributionConfig"]!["ViewerCertificate"]!;
            Assert.Equal(("TLSv1.2_2021", "sni-only"), (viewer["MinimumProtocolVersion"]!.GetValue<string>(), viewer["SslSupportMethod"]!.GetValue<string>()));
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
}
