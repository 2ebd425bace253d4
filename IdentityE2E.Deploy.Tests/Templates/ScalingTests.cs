using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class ScalingTests(SynthesizedEnvironments environments)
{
    private static List<string> PoliciesOfType(StackTemplate app, string metric) =>
        [.. app.OfType("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Where(p => p.Resource["Properties"]!["TargetTrackingScalingPolicyConfiguration"]!["PredefinedMetricSpecification"]!["PredefinedMetricType"]!.GetValue<string>() == metric)
            .Select(p => p.Resource["Properties"]!["ScalingTargetId"]!["Ref"]!.GetValue<string>())];

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryServiceScalesOnCpu()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var scaledOnCpu = PoliciesOfType(synthesized.Application, "ECSServiceAverageCPUUtilization");

        // Assert
        Assert.Equal(synthesized.Application.OfType("AWS::ApplicationAutoScaling::ScalableTarget").Select(t => t.LogicalId).Order(), scaledOnCpu.Order());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task PublicServicesAlsoScaleOnRequestsPerTarget()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var scaledOnRequests = PoliciesOfType(synthesized.Application, "ALBRequestCountPerTarget");

        // Assert
        var publicTargets = synthesized.Model.PublicServices.Select(s => synthesized.Application.LogicalIdOf("AWS::ApplicationAutoScaling::ScalableTarget", $"{s.Name}Service"));
        Assert.Equal(publicTargets.Order(), scaledOnRequests.Order());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task DeploysDoNotResetTheScaledTaskCount()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var services = app.OfType("AWS::ECS::Service");

        // Assert: without DesiredCount in the template, CloudFormation leaves autoscaling's count alone.
        Assert.All(services, s => Assert.Null(s.Resource["Properties"]!["DesiredCount"]));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TablesAreOnDemand()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var tables = app.OfType("AWS::DynamoDB::Table");

        // Assert
        Assert.NotEmpty(tables);
        app.Template.AllResourcesProperties("AWS::DynamoDB::Table", Props.Of(("BillingMode", "PAY_PER_REQUEST")));
    }
}
