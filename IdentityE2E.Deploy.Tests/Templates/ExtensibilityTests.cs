using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>
/// The promise to future developers: a project added to the AppHost reaches the cloud with everything a
/// service has, without a change to the publisher. The fixture adds an internal worker that calls the
/// backend and uses the table.
/// </summary>
public sealed class ExtensibilityTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AThirdProjectGetsItsOwnServiceRoleGrantsLogGroupAndAutoscaling()
    {
        // Arrange
        var synthesized = await environments.ThreeProjects(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var service = app.Resource(app.LogicalIdOf("AWS::ECS::Service", "workerService"));
        var taskRole = IdentityTests.TaskRoleOf(app, "worker");
        var worker = app.AppContainer("worker");
        var logGroup = worker["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"]!.GetValue<string>();

        // Assert
        Assert.Null(service["Properties"]!["LoadBalancers"]);
        Assert.StartsWith("workerTaskTaskRole", taskRole, StringComparison.Ordinal);
        Assert.Single(IdentityTests.StatementsOf(app, taskRole), st => st["Sid"]?.GetValue<string>() == "Itemsidentities");
        Assert.StartsWith("workerLogs", logGroup, StringComparison.Ordinal);
        Assert.NotNull(app.Resource(logGroup)["Properties"]!["KmsKeyId"]);
        var scaling = app.Resource(app.LogicalIdOf("AWS::ApplicationAutoScaling::ScalableTarget", "workerService"));
        Assert.Equal(synthesized.Settings.MinTasks, scaling["Properties"]!["MinCapacity"]!.GetValue<int>());
        Assert.Single(app.OfType("AWS::ApplicationAutoScaling::ScalingPolicy"), p => p.LogicalId.StartsWith("workerService", StringComparison.Ordinal));
        Assert.Equal("http://backend:8080", StackTemplate.EnvironmentOf(worker)["services__backend__http__0"]);
        Assert.Equal("1654", worker["User"]!.GetValue<string>());
        Assert.Single(synthesized.Registry.OfType("AWS::ECR::Repository"), r => r.Resource["Properties"]!["RepositoryName"]!.GetValue<string>() == "identitye2e-dev/worker");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheBackendAdmitsTheWorkerAsASecondCaller()
    {
        // Arrange
        var app = (await environments.ThreeProjects(TestContext.Current.CancellationToken)).Application;
        var backend = app.LogicalIdOf("AWS::EC2::SecurityGroup", "backendSecurityGroup");

        // Act
        var callers = app.OfType("AWS::EC2::SecurityGroupIngress").Select(r => r.Resource["Properties"]!)
            .Where(p => p["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>() == backend)
            .Select(p => p["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>());

        // Assert
        Assert.Equal(
            new[] { app.LogicalIdOf("AWS::EC2::SecurityGroup", "frontendSecurityGroup"), app.LogicalIdOf("AWS::EC2::SecurityGroup", "workerSecurityGroup") }.Order(),
            callers.Order());
    }
}
