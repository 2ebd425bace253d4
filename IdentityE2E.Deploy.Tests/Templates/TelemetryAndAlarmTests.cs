using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class TelemetryAndAlarmTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryServiceGetsItsOwnLogGroupEncryptedWithTheKey()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var groups = synthesized.Model.Services.ToDictionary(s => s.Name, s => app.Containers()
            .Where(c => c.Task.StartsWith($"{s.Name}Task", StringComparison.Ordinal))
            .Select(c => c.Container["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"]!.GetValue<string>())
            .Distinct()
            .Single());

        // Assert
        Assert.Equal(groups.Count, groups.Values.Distinct().Count());
        Assert.All(groups.Values, group =>
        {
            var properties = app.Resource(group)["Properties"]!;
            Assert.Equal(synthesized.Settings.LogRetentionDays, properties["RetentionInDays"]!.GetValue<int>());
            Assert.Equal("Arn", properties["KmsKeyId"]!["Fn::GetAtt"]![1]!.GetValue<string>());
        });
        app.Template.AllResourcesProperties("AWS::Logs::LogGroup", Props.Of(("KmsKeyId", Amazon.CDK.Assertions.Match.AnyValue())));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ProdsClusterHasContainerInsightsAndDevsSavesItsMetricsWithTheReasonStated()
    {
        // Arrange
        var prod = (await environments.Prod(TestContext.Current.CancellationToken)).Application;
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var devCluster = Assert.Single(dev.OfType("AWS::ECS::Cluster")).Resource;

        // Assert
        Assert.Single(prod.OfType("AWS::ECS::Cluster"));
        prod.Template.HasResourceProperties("AWS::ECS::Cluster", Props.Of(("ClusterSettings", new object[] { Props.Of(("Name", "containerInsights"), ("Value", "enabled")) })));
        Assert.Equal("""[{"Name":"containerInsights","Value":"disabled"}]""", devCluster["Properties"]!["ClusterSettings"]!.ToJsonString());
        Assert.Contains("AwsSolutions-ECS4", devCluster["Metadata"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EachCollectorSendsTheEnvironmentsShareOfWholeTracesToXRay()
    {
        // Arrange
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var prod = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        string Configuration(StackTemplate app) => StackTemplate.EnvironmentOf(app.Containers().First(c => c.Container["Name"]!.GetValue<string>() == Telemetry.CollectorContainer).Container)["AOT_CONFIG_CONTENT"];

        // Assert: the sampler hashes the trace id, so every service keeps or drops the same traces.
        Assert.Contains("probabilistic_sampler:\\n    sampling_percentage: 5", Configuration(dev), StringComparison.Ordinal);
        Assert.Contains("probabilistic_sampler:\\n    sampling_percentage: 10", Configuration(prod), StringComparison.Ordinal);
        Assert.Contains("processors: [probabilistic_sampler, resourcedetection, batch/traces]", Configuration(prod), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryTaskExportsOpenTelemetryToItsCollectorSidecar()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var collectors = synthesized.Application.Containers().Where(c => c.Container["Name"]!.GetValue<string>() == Telemetry.CollectorContainer).ToList();

        // Assert
        Assert.Equal(synthesized.Model.Workloads.Count(), collectors.Count);
        Assert.All(collectors, c =>
        {
            Assert.Equal(Telemetry.CollectorImage, c.Container["Image"]!.GetValue<string>());
            Assert.False(c.Container["Essential"]!.GetValue<bool>());
            var config = StackTemplate.EnvironmentOf(c.Container)["AOT_CONFIG_CONTENT"];
            Assert.Contains("endpoint: 127.0.0.1:4317", config, StringComparison.Ordinal);
            Assert.Contains("exporters: [awsxray]", config, StringComparison.Ordinal);
            Assert.Contains("exporters: [awsemf]", config, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheCollectorMayOnlySendTracesAndWriteItsOwnServicesLogGroup()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var statements = synthesized.Model.Services.ToDictionary(s => s.Name, s => IdentityTests.StatementsOf(app, IdentityTests.TaskRoleOf(app, s.Name)));

        // Assert
        Assert.All(statements, service =>
        {
            var xray = Assert.Single(service.Value, st => st["Sid"]?.GetValue<string>() == "SendTracesToXRay");
            Assert.Equal(["xray:PutTelemetryRecords", "xray:PutTraceSegments"], xray["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
            var logs = Assert.Single(service.Value, st => st["Sid"]?.GetValue<string>() == "SendMetricsToOwnLogGroup");
            Assert.StartsWith(service.Key + "Logs", logs["Resource"]!["Fn::GetAtt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }
}
