using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class BlueGreenTests(SynthesizedEnvironments environments)
{
    private static JsonNode ServiceProperties(StackTemplate app, string service) =>
        app.Resource(app.LogicalIdOf("AWS::ECS::Service", $"{service}Service"))["Properties"]!;

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task PublicServicesDeployBlueGreenWithTheEnvironmentsBakeTimeAndNoCircuitBreaker()
    {
        // Arrange
        var cancellation = TestContext.Current.CancellationToken;
        var dev = await environments.Dev(cancellation);
        var prod = await environments.Prod(cancellation);

        // Act
        var deployments = new[] { dev, prod }.SelectMany(e => e.Model.PublicServices.Select(s => (e.Settings, Configuration: ServiceProperties(e.Application, s.Name)["DeploymentConfiguration"]!))).ToList();

        // Assert
        Assert.NotEmpty(deployments);
        Assert.All(deployments, d =>
        {
            Assert.Equal(BlueGreenDeployment.Strategy, d.Configuration["Strategy"]!.GetValue<string>());
            Assert.Equal(d.Settings.BlueGreenBakeMinutes, d.Configuration["BakeTimeInMinutes"]!.GetValue<int>());
            Assert.Null(d.Configuration["DeploymentCircuitBreaker"]);
        });
        Assert.NotEqual(dev.Settings.BlueGreenBakeMinutes, prod.Settings.BlueGreenBakeMinutes);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheAdvancedConfigurationNamesTheAlternateTargetGroupTheServicesListenerRuleAndTheRole()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var service = synthesized.Model.PublicServices.First().Name;

        // Act
        var loadBalancer = Assert.Single(ServiceProperties(app, service)["LoadBalancers"]!.AsArray())!;
        var advanced = loadBalancer["AdvancedConfiguration"]!;

        // Assert
        var primary = loadBalancer["TargetGroupArn"]!["Ref"]!.GetValue<string>();
        var alternate = advanced["AlternateTargetGroupArn"]!["Ref"]!.GetValue<string>();
        Assert.NotEqual(primary, alternate);
        Assert.Equal("AWS::ElasticLoadBalancingV2::TargetGroup", app.Resource(alternate)["Type"]!.GetValue<string>());
        var rule = app.Resource(advanced["ProductionListenerRule"]!["Ref"]!.GetValue<string>());
        Assert.Equal("AWS::ElasticLoadBalancingV2::ListenerRule", rule["Type"]!.GetValue<string>());
        Assert.Equal(primary, rule["Properties"]!["Actions"]![0]!["TargetGroupArn"]!["Ref"]!.GetValue<string>());
        Assert.Equal("Arn", advanced["RoleArn"]!["Fn::GetAtt"]![1]!.GetValue<string>());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheAlternateTargetGroupJudgesTheNewRevisionExactlyAsThePrimaryOne()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var loadBalancer = ServiceProperties(app, synthesized.Model.PublicServices.First().Name)["LoadBalancers"]![0]!;

        // Act
        var primary = app.Resource(loadBalancer["TargetGroupArn"]!["Ref"]!.GetValue<string>())["Properties"]!;
        var alternate = app.Resource(loadBalancer["AdvancedConfiguration"]!["AlternateTargetGroupArn"]!["Ref"]!.GetValue<string>())["Properties"]!;

        // Assert
        Assert.Equal("/health", alternate["HealthCheckPath"]!.GetValue<string>());
        Assert.Equal(primary.ToJsonString(), alternate.ToJsonString());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyEcsAssumesTheBlueGreenRoleWithTheDocumentedPolicy()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var advanced = ServiceProperties(app, synthesized.Model.PublicServices.First().Name)["LoadBalancers"]![0]!["AdvancedConfiguration"]!;

        // Act
        var role = app.Resource(advanced["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>())["Properties"]!;

        // Assert
        var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("ecs.amazonaws.com", trust["Principal"]!["Service"]!.GetValue<string>());
        var policy = Assert.Single(role["ManagedPolicyArns"]!.AsArray())!.ToJsonString();
        Assert.Contains($":iam::aws:policy/{BlueGreenDeployment.InfrastructurePolicy}", policy, StringComparison.Ordinal);
        Assert.Null(role["Policies"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheErrorAndHealthAlarmsRollBackADeploymentAndLatencyOnlyNotifies()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var service = synthesized.Model.PublicServices.First().Name;
        var byMetric = AlertingTests.AlarmsOf(app, service).ToDictionary(a => AlertingTests.MetricNamesOf(a.Alarm)[0], a => a.LogicalId);

        // Act
        var alarms = ServiceProperties(app, service)["DeploymentConfiguration"]!["Alarms"]!;

        // Assert
        Assert.True(alarms["Enable"]!.GetValue<bool>());
        Assert.True(alarms["Rollback"]!.GetValue<bool>());
        Assert.Equal(
            new[] { byMetric["HTTPCode_Target_5XX_Count"], byMetric["UnHealthyHostCount"] }.Order(),
            alarms["AlarmNames"]!.AsArray().Select(a => a!["Ref"]!.GetValue<string>()).Order());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task InternalServicesKeepRollingUpdatesWithTheCircuitBreaker()
    {
        // Arrange
        var synthesized = await environments.ThreeProjects(TestContext.Current.CancellationToken);
        var internalServices = synthesized.Model.Services.Where(s => !s.IsPublic).ToList();

        // Act
        var deployments = internalServices.Select(s => ServiceProperties(synthesized.Application, s.Name)["DeploymentConfiguration"]!).ToList();

        // Assert
        Assert.NotEmpty(deployments);
        Assert.All(deployments, d =>
        {
            Assert.Null(d["Strategy"]);
            Assert.True(d["DeploymentCircuitBreaker"]!["Rollback"]!.GetValue<bool>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutABakeTimePublicServicesRollWithTheCircuitBreakerAndOneTargetGroup()
    {
        // Arrange
        var synthesized = await environments.Alternatives(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var services = synthesized.Model.PublicServices.Select(s => ServiceProperties(app, s.Name)).ToList();

        // Assert
        Assert.Null(synthesized.Settings.BlueGreenBakeMinutes);
        Assert.All(services, s =>
        {
            Assert.Null(s["DeploymentConfiguration"]!["Strategy"]);
            Assert.True(s["DeploymentConfiguration"]!["DeploymentCircuitBreaker"]!["Rollback"]!.GetValue<bool>());
            Assert.Null(s["LoadBalancers"]![0]!["AdvancedConfiguration"]);
        });
        Assert.Equal(synthesized.Model.PublicServices.Count(), app.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Count);
        Assert.DoesNotContain(app.OfType("AWS::IAM::Role"), r => r.LogicalId.Contains("BlueGreenRole", StringComparison.Ordinal));
    }
}
