using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>
/// The cost targets of issue 11 at the checked-in settings and manifest (what <c>synth</c> prints): prod at most $250 a
/// month; dev at most $120, or above it only by the security default the estimate names.
/// </summary>
public sealed class CostTargetTests
{
    private const decimal DevTarget = 120m;

    private const decimal ProdTarget = 250m;

    private static CloudModel Model => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.CheckedInManifest));

    private static EnvironmentSettings Settings(string name) => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, name);

    private static decimal Line(CostEstimate estimate, string name) => estimate.Items.Where(i => i.Name == name).Sum(i => i.Monthly);

    [Fact]
    public void ProdAtItsDefaultsCostsAtMostTwoHundredFiftyDollarsAMonth()
    {
        // Arrange
        var settings = Settings("prod");

        // Act
        var estimate = CostEstimate.For(Model, settings);

        // Assert
        Assert.True(estimate.Total <= ProdTarget, $"prod costs ${estimate.Total:0.00} a month; the target is ${ProdTarget}.");
        Assert.True(settings.MinTasks >= 2 && settings.NatGateways == 2, "prod keeps two tasks per service and a NAT gateway per zone.");
    }

    [Fact]
    public void DevMissesOneHundredTwentyDollarsOnlyByTheNatGatewayThatKeepsItsTasksPrivateAndTheEstimateSaysSo()
    {
        // Arrange
        var settings = Settings("dev");

        // Act
        var estimate = CostEstimate.For(Model, settings);
        var nat = Line(estimate, "NAT gateways") + Line(estimate, "Public IPv4 addresses");

        // Assert: the NAT gateway and its address (one of each) are what holds dev above the target.
        Assert.True(settings.MinTasks >= 2, "dev stays highly available: two tasks per service over two zones.");
        Assert.True(estimate.Total > DevTarget, $"dev costs ${estimate.Total:0.00}: the target is met, so assert the total instead of the blocking item.");
        Assert.True(estimate.Total - nat <= DevTarget, $"dev without its NAT gateway would cost ${estimate.Total - nat:0.00}: more than the NAT gateway holds it up.");
        Assert.Equal(36.95m, nat);
        var security = Assert.Single(estimate.Assumptions, a => a.StartsWith("Security defaults in this total", StringComparison.Ordinal));
        Assert.Contains("tasks in private subnets, whose egress (sign-in, the collector's public image, AWS APIs without an endpoint) needs a NAT gateway $36.95", security, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFargateLineUsesGravitonPricesAndOnlyDevRunsSpotTasks()
    {
        // Arrange
        var model = Model;

        // Act
        var dev = CostEstimate.For(model, Settings("dev"));
        var prod = CostEstimate.For(model, Settings("prod"));

        // Assert
        var onDemand = Assert.Single(prod.Items, i => i.Name == "Fargate tasks");
        Assert.Contains("ARM64 (Graviton)", onDemand.Basis, StringComparison.Ordinal);
        Assert.Contains(dev.Assumptions, a => a.Contains("Fargate ARM64 on demand at $0.03238/vCPU-hour and $0.00356/GB-hour", StringComparison.Ordinal));
        Assert.Contains(dev.Items, i => i.Name == "Fargate Spot tasks" && i.Basis.Contains("ARM64", StringComparison.Ordinal));
        Assert.DoesNotContain(prod.Items, i => i.Name == "Fargate Spot tasks");
        Assert.Contains(dev.Assumptions, a => a.Contains("Fargate Spot at about $0.0129/vCPU-hour and $0.00142/GB-hour", StringComparison.Ordinal));
    }

    [Fact]
    public void WithSpotOneTaskPerServiceStaysOnDemandTheOtherCostsLessThanHalfAndX86CostsMore()
    {
        // Arrange
        var model = Model;
        var dev = Settings("dev");

        // Act
        var spot = CostEstimate.For(model, dev);
        var onDemand = CostEstimate.For(model, dev with { SpotTasks = false });
        var x86 = CostEstimate.For(model, dev with { SpotTasks = false, CpuArchitecture = TaskArchitecture.X86_64 });

        // Assert: with Spot, one task per service stays on demand; without it both do; x86 costs about 25 % more.
        Assert.Equal(2 * Line(spot, "Fargate tasks"), Line(onDemand, "Fargate tasks"));
        Assert.True(Line(spot, "Fargate Spot tasks") < Line(spot, "Fargate tasks") / 2);
        Assert.True(Line(x86, "Fargate tasks") > 1.2m * Line(onDemand, "Fargate tasks"));
        Assert.Contains(x86.Assumptions, a => a.Contains("Fargate x86_64 on demand at $0.04048/vCPU-hour", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerInsightsAndFullTracingAreWhatTheirSettingsAdd()
    {
        // Arrange
        var model = Model;
        var dev = Settings("dev");

        // Act
        var lean = CostEstimate.For(model, dev);
        var full = CostEstimate.For(model, dev with { ContainerInsights = true, TraceSamplingPercent = 100 });

        // Assert: Insights adds 8 cluster + 12 metrics per service at $0.30; every trace: 1M - 0.1M free at $5 per million.
        Assert.Equal((8 + (12 * model.Services.Count)) * 0.30m, Line(full, "CloudWatch metrics") - Line(lean, "CloudWatch metrics"));
        Assert.Equal(0m, Line(lean, "X-Ray"));
        Assert.Equal(4.50m, Line(full, "X-Ray"));
    }
}
