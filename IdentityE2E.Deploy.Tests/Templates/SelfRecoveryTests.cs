using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class SelfRecoveryTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task DeploymentsKeep100To200PercentAndRollingOnesUseTheCircuitBreakerWithRollback()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var deployments = app.OfType("AWS::ECS::Service").Select(s => s.Resource["Properties"]!["DeploymentConfiguration"]!).ToList();

        // Assert: blue/green deployments (BlueGreenTests) fail and roll back without the circuit breaker.
        Assert.NotEmpty(deployments);
        Assert.All(deployments, d => Assert.Equal((100, 200), (d["MinimumHealthyPercent"]!.GetValue<int>(), d["MaximumPercent"]!.GetValue<int>())));
        var rolling = deployments.Where(d => d["Strategy"] is null).ToList();
        Assert.NotEmpty(rolling);
        Assert.All(rolling, d => Assert.Equal((true, true), (d["DeploymentCircuitBreaker"]!["Enable"]!.GetValue<bool>(), d["DeploymentCircuitBreaker"]!["Rollback"]!.GetValue<bool>())));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task HealthChecksUseHealthForTheLoadBalancerAndAliveForTheContainer()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var probes = synthesized.Model.Services.Select(s => app.AppContainer(s.Name)["HealthCheck"]!).ToList();

        // Assert
        app.Template.AllResourcesProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Props.Of(("HealthCheckPath", "/health"), ("Port", 8080)));
        Assert.All(probes, probe =>
        {
            // Exec form, no shell: the service's own binary asks its /alive (ServiceDefaults' --health).
            Assert.Equal("CMD", probe["Command"]![0]!.GetValue<string>());
            Assert.Matches("^/app/IdentityE2E\\.[A-Za-z]+$", probe["Command"]![1]!.GetValue<string>());
            Assert.Equal("--health", probe["Command"]![2]!.GetValue<string>());
            Assert.Equal(3, probe["Command"]!.AsArray().Count);
            Assert.True(probe["StartPeriod"]!.GetValue<int>() >= 30);
        });
    }

    [Fact]
    public void TheHealthPathsExistInTheServicesAtRunTime()
    {
        // Arrange
        var serviceDefaults = Path.Combine(TestPaths.Repository.Root, "IdentityE2E.ServiceDefaults", "Extensions.cs");

        // Act
        var source = File.ReadAllText(serviceDefaults);

        // Assert: both paths are mapped in every environment, not only in Development.
        Assert.Contains("HealthEndpointPath = \"/health\"", source, StringComparison.Ordinal);
        Assert.Contains("AlivenessEndpointPath = \"/alive\"", source, StringComparison.Ordinal);
        Assert.DoesNotContain("IsDevelopment", source, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProbeArgumentsAreThoseTheServicesUnderstand()
    {
        // Arrange
        var folder = Path.Combine(TestPaths.Repository.Root, "IdentityE2E.ServiceDefaults");

        // Act
        var probe = File.ReadAllText(Path.Combine(folder, "HealthProbe.cs"));
        var tmp = File.ReadAllText(Path.Combine(folder, "TmpPreparation.cs"));

        // Assert: the publisher's task definitions run the binaries with these arguments.
        Assert.Contains($"Argument = \"{TaskHardening.HealthArgument}\"", probe, StringComparison.Ordinal);
        Assert.Contains($"Argument = \"{TaskHardening.PrepareTmpArgument}\"", tmp, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task PublicServicesHaveAHealthCheckGracePeriod()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var withLoadBalancer = app.OfType("AWS::ECS::Service").Where(s => s.Resource["Properties"]!["LoadBalancers"] is not null).ToList();

        // Assert
        Assert.NotEmpty(withLoadBalancer);
        Assert.All(withLoadBalancer, s => Assert.True(s.Resource["Properties"]!["HealthCheckGracePeriodSeconds"]!.GetValue<int>() >= 60));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryServiceKeepsAtLeastTwoTasksSpreadOverTwoZones()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var targets = app.OfType("AWS::ApplicationAutoScaling::ScalableTarget");

        // Assert
        Assert.Equal(synthesized.Model.Services.Count, targets.Count);
        Assert.All(targets, t => Assert.True(t.Resource["Properties"]!["MinCapacity"]!.GetValue<int>() >= 2));
        Assert.All(app.OfType("AWS::ECS::Service"), s => Assert.Equal(2, s.Resource["Properties"]!["NetworkConfiguration"]!["AwsvpcConfiguration"]!["Subnets"]!.AsArray().Count));
    }
}
