using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

public sealed class CostEstimateTests
{
    private static CloudModel Model => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));

    private static EnvironmentSettings Settings(string name) => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, name);

    [Fact]
    public void TheEstimateItemisesEveryPricedPartAtTheEnvironmentsDefaults()
    {
        // Arrange
        var settings = Settings("dev");

        // Act
        var estimate = CostEstimate.For(Model, settings);

        // Assert
        var names = estimate.Items.Select(i => i.Name).ToList();
        foreach (var expected in new[] { "Fargate tasks", "Fargate Spot tasks", "NAT gateways", "Application Load Balancer", "KMS keys", "CloudWatch Logs", "CloudFront", "AWS WAF", "Secrets Manager", "DynamoDB on demand" })
        {
            Assert.Contains(expected, names);
        }

        // One task per service on demand, ARM64: 730 h x 0.25 vCPU x $0.03238 + (0.5 GB backend, 1 GB frontend) x $0.00356.
        Assert.Equal(Math.Round(730 * ((2 * 0.25m * 0.03238m) + (1.5m * 0.00356m)), 2), Math.Round(estimate.Items.Single(i => i.Name == "Fargate tasks").Monthly, 2));
        Assert.Equal(32.85m + 0.45m, estimate.Items.Single(i => i.Name == "NAT gateways").Monthly);
        Assert.Equal(estimate.Items.Sum(i => i.Monthly), estimate.Total);
        Assert.Contains(estimate.Assumptions, a => a.Contains("us-east-1", StringComparison.Ordinal));
    }

    [Fact]
    public void SignInAddsCognitoAndTheClientSecretWithTheirAssumptions()
    {
        // Arrange
        var settings = Settings("dev");

        // Act
        var estimate = CostEstimate.For(Model, settings);

        // Assert
        // 50 staff x $0.02 (Plus plan); one machine client $6 + 1,000 token requests x $2.25 per 1,000.
        Assert.Equal(1.00m, estimate.Items.Single(i => i.Name == "Cognito user pool").Monthly);
        Assert.Equal(8.25m, estimate.Items.Single(i => i.Name == "Cognito machine-to-machine").Monthly);
        // The cursor key and the frontend's client secret, plus 10,000 calls.
        Assert.Equal((2 * 0.40m) + 0.05m, estimate.Items.Single(i => i.Name == "Secrets Manager").Monthly);
        Assert.Contains(estimate.Assumptions, a => a.Contains("50 staff", StringComparison.Ordinal) && a.Contains("per 1,000 token requests", StringComparison.Ordinal));
    }

    [Fact]
    public void BackupsCostEveryKeptCopyOfEveryTableDevKeepsAWeekAndProdKeepsThirtyFiveDaysAndTwelveMonths()
    {
        // Arrange
        var tables = Model.Tables.Count;

        // Act
        var dev = CostEstimate.For(Model, Settings("dev"));
        var prod = CostEstimate.For(Model, Settings("prod"));

        // Assert: 1 GB per table x $0.10/GB-month x kept copies (dev 7 daily; prod 35 daily and 12 monthly)
        Assert.Equal(tables * 7 * 0.10m, dev.Items.Single(i => i.Name == "AWS Backup of the tables").Monthly);
        Assert.Equal(tables * 47 * 0.10m, prod.Items.Single(i => i.Name == "AWS Backup of the tables").Monthly);
        Assert.Contains(dev.Assumptions, a => a.Contains("full copy", StringComparison.Ordinal) && a.Contains("7 daily copies are kept", StringComparison.Ordinal));
        Assert.Contains(prod.Assumptions, a => a.Contains("35 daily copies and 12 monthly ones", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutAUserPoolThereIsNoCognitoLine()
    {
        // Arrange
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ThreeProjectsManifest));

        // Act
        var estimate = CostEstimate.For(model, Settings("dev"));

        // Assert
        Assert.DoesNotContain(estimate.Items, i => i.Name.StartsWith("Cognito", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Assumptions, a => a.Contains("Cognito", StringComparison.Ordinal));
    }

    [Fact]
    public void NatOnlyDropsTheEndpointsAndStatesWhatThatTradesOff()
    {
        // Arrange
        var settings = Settings("dev") with { InterfaceEndpoints = false };

        // Act
        var estimate = CostEstimate.For(Model, settings);

        // Assert
        Assert.DoesNotContain(estimate.Items, i => i.Name == "VPC interface endpoints");
        Assert.Contains(estimate.Assumptions, a => a.Contains("through NAT at $0.045/GB", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOwnDomainKeepsCloudFrontAndWafAndAPrivateCaAddsItsFee()
    {
        // Arrange
        var settings = Settings("dev") with
        {
            CertificateArn = SynthesizedEnvironments.CertificateArn,
            CloudFrontCertificateArn = SynthesizedEnvironments.CloudFrontCertificateArn,
            DomainName = SynthesizedEnvironments.DomainName,
            PrivateCertificateAuthorityArn = SynthesizedEnvironments.PrivateCaArn,
        };

        // Act
        var estimate = CostEstimate.For(Model, settings);

        // Assert
        Assert.Contains(estimate.Items, i => i.Name == "CloudFront");
        Assert.Contains(estimate.Items, i => i.Name == "AWS WAF");
        Assert.Equal(50m, estimate.Items.Single(i => i.Name == "AWS Private CA").Monthly);
    }

    [Fact]
    public void WafCostsItsWebAclEveryRuleItsRequestsAndItsLogs()
    {
        // Arrange
        var settings = Settings("dev");

        // Act
        var estimate = CostEstimate.For(Model, settings);

        // Assert: $5 web ACL + (2 rate rules + 3 rule groups) x $1 + 1M requests x $0.60 + 2 GB of vended logs x ($0.50 + $0.03)
        Assert.Equal(5m + 5m + 0.60m + (2 * 0.53m), estimate.Items.Single(i => i.Name == "AWS WAF").Monthly);
        Assert.Contains(estimate.Assumptions, a => a.Contains("VPC origin", StringComparison.Ordinal) && a.Contains("nothing extra", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyTheNatGatewaysHoldPublicAddressesNowThatTheLoadBalancerIsInternal()
    {
        // Arrange
        var model = Model;

        // Act
        var dev = CostEstimate.For(model, Settings("dev"));
        var prod = CostEstimate.For(model, Settings("prod"));

        // Assert: 1 and 2 NAT gateways x 730 h x $0.005
        Assert.Equal(3.65m, dev.Items.Single(i => i.Name == "Public IPv4 addresses").Monthly);
        Assert.Equal(7.30m, prod.Items.Single(i => i.Name == "Public IPv4 addresses").Monthly);
    }

    [Fact]
    public void AlarmsArePricedPerMetricTheyWatchAndTheDashboardAndTopicAreItemised()
    {
        // Arrange
        var model = Model;
        var tables = model.Tables.Count;

        // Act
        var blueGreen = CostEstimate.For(model, Settings("dev"));
        var rolling = CostEstimate.For(model, Settings("dev") with { BlueGreenBakeMinutes = null });

        // Assert
        // 2 running-task alarms; the frontend's 5XX rate (2 metrics), unhealthy hosts and latency, each per
        // target group (2 with blue/green); per table 2 throttle + 9 system error metrics; 4 + 2 target tracking.
        Assert.Equal((2 + (1 * 2 * 4) + (tables * 11) + 6) * 0.10m, blueGreen.Items.Single(i => i.Name == "CloudWatch alarms").Monthly);
        Assert.Equal((2 + (1 * 1 * 4) + (tables * 11) + 6) * 0.10m, rolling.Items.Single(i => i.Name == "CloudWatch alarms").Monthly);
        Assert.Equal(3.00m, blueGreen.Items.Single(i => i.Name == "CloudWatch dashboard").Monthly);
        Assert.Contains(blueGreen.Items, i => i.Name == "SNS alarm topic");
        Assert.Contains(blueGreen.Assumptions, a => a.Contains("per metric they watch", StringComparison.Ordinal) && a.Contains("first 3 dashboards", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTablesDataEventsCostPerHundredThousandAndAnOwnTrailAddsItsStorageAndKey()
    {
        // Arrange
        var model = Model;
        var tables = model.Tables.Count;

        // Act
        var own = CostEstimate.For(model, Settings("dev"));
        var existing = CostEstimate.For(model, Settings("dev") with { CloudTrailName = "org-trail" });

        // Assert: per table 1M writes + 5M reads = 6M events x $0.10 per 100,000.
        Assert.Equal(tables * 6.00m, own.Items.Single(i => i.Name == "CloudTrail data events").Monthly);
        Assert.Equal(tables * 6.00m, existing.Items.Single(i => i.Name == "CloudTrail data events").Monthly);
        Assert.Contains(own.Items, i => i.Name == "Audit trail storage" && i.Monthly > 0);
        Assert.DoesNotContain(existing.Items, i => i.Name == "Audit trail storage");
        Assert.Equal(4.00m, own.Items.Single(i => i.Name == "KMS keys").Monthly);
        Assert.Equal(3.00m, existing.Items.Single(i => i.Name == "KMS keys").Monthly);
        Assert.Contains(own.Assumptions, a => a.Contains("CloudTrail data event at $0.10 per 100,000", StringComparison.Ordinal));
        Assert.Contains(existing.Assumptions, a => a.Contains("trail org-trail stores them at its owner's cost", StringComparison.Ordinal));
    }

    [Fact]
    public void ProdCostsMoreThanDevForItsOnDemandTasksSecondNatGatewayEndpointsAndInsights()
    {
        // Arrange
        var model = Model;

        // Act
        var dev = CostEstimate.For(model, Settings("dev"));
        var prod = CostEstimate.For(model, Settings("prod"));

        // Assert: the same sizes, but every prod task on demand where dev runs one per service.
        Assert.True(prod.Total > dev.Total);
        Assert.Equal(2 * dev.Items.Single(i => i.Name == "Fargate tasks").Monthly, prod.Items.Single(i => i.Name == "Fargate tasks").Monthly);
        Assert.Contains(prod.Items, i => i.Name == "VPC interface endpoints");
        Assert.DoesNotContain(dev.Items, i => i.Name == "VPC interface endpoints");
    }

    [Fact]
    public void ACopyRegionDoublesTheKeptCopiesAndAddsTheTransferAndTheCopyVaultsKey()
    {
        // Arrange
        var settings = Settings("prod") with { BackupCopyRegion = "us-west-2" };
        var tables = Model.Tables.Count;

        // Act
        var estimate = CostEstimate.For(Model, settings);
        var without = CostEstimate.For(Model, Settings("prod"));

        // Assert: 35 daily + 12 monthly copies kept there too; 31 copies a month cross regions at $0.02/GB.
        var copies = estimate.Items.Single(i => i.Name == "Backup copies in us-west-2");
        Assert.Equal(tables * ((47 * 0.10m) + (31 * 0.02m)), copies.Monthly);
        Assert.Equal(without.Items.Single(i => i.Name == "KMS keys").Monthly + 1.00m, estimate.Items.Single(i => i.Name == "KMS keys").Monthly);
        Assert.DoesNotContain(without.Items, i => i.Name.StartsWith("Backup copies", StringComparison.Ordinal));
        Assert.Contains(estimate.Assumptions, a => a.Contains("copied to us-west-2", StringComparison.Ordinal));
    }
}
