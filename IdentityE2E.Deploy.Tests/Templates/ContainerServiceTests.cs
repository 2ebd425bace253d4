using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>
/// Services that are not .NET projects (issue 9) become Fargate services like projects: the same hardening, roles, grants
/// and reach, with the user, port, health path and opt-outs the model gave. The fixture holds a Dockerfile service
/// (notes), a digest-pinned registry image (docs) and a published executable (report).
/// </summary>
public sealed class ContainerServiceTests(SynthesizedEnvironments environments)
{
    private static JsonObject AppOf(StackTemplate app, string service) => app.AppContainer(service);

    private static JsonObject PrepareTmpOf(StackTemplate app, string service) =>
        app.Containers().Single(c => c.Task.StartsWith($"{service}Task", StringComparison.Ordinal) && c.Container["Name"]!.GetValue<string>() == AppService.PrepareTmpContainer).Container;

    [Theory(Timeout = TestTimeouts.Synthesis)]
    [InlineData("notes")]
    [InlineData("docs")]
    [InlineData("report")]
    public async Task EveryContainerServiceIsHardenedLikeAProject(string service)
    {
        // Arrange
        var synthesized = await environments.Containers(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var container = AppOf(app, service);
        var prepareTmp = PrepareTmpOf(app, service);

        // Assert
        Assert.Equal("""["ALL"]""", container["LinuxParameters"]!["Capabilities"]!["Drop"]!.ToJsonString());
        Assert.True(container["LinuxParameters"]!["InitProcessEnabled"]!.GetValue<bool>());
        Assert.Equal("/tmp", Assert.Single(container["MountPoints"]!.AsArray())!["ContainerPath"]!.GetValue<string>());
        Assert.Equal(container["Image"]!.ToJsonString(), prepareTmp["Image"]!.ToJsonString());
        Assert.Contains(container["DependsOn"]!.AsArray(), d => d!["ContainerName"]!.GetValue<string>() == AppService.PrepareTmpContainer);
        Assert.StartsWith($"{service}TaskTaskRole", IdentityTests.TaskRoleOf(app, service), StringComparison.Ordinal);
        Assert.StartsWith($"{service}Logs", container["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(app.OfType("AWS::EC2::SecurityGroup"), sg => sg.LogicalId.StartsWith($"{service}SecurityGroup", StringComparison.Ordinal));
        Assert.Single(app.OfType("AWS::ApplicationAutoScaling::ScalableTarget"), t => t.LogicalId.StartsWith($"{service}Service", StringComparison.Ordinal));
        Assert.Contains(app.OfType("AWS::CloudWatch::Alarm"), a => a.LogicalId.StartsWith($"{service}RunningTasksAlarm", StringComparison.Ordinal));
        // No shell to count on in a container image: ECS and the load balancer watch it instead.
        Assert.Null(container["HealthCheck"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ADigestPinnedImageRunsAsGivenAsNobodyWithAReadOnlyRootAndNeedsNoRepository()
    {
        // Arrange
        var synthesized = await environments.Containers(TestContext.Current.CancellationToken);

        // Act
        var docs = AppOf(synthesized.Application, "docs");

        // Assert
        Assert.Equal("public.ecr.aws/nginx/nginx-unprivileged:1.27@sha256:" + string.Concat(Enumerable.Repeat("0123456789abcdef", 4)), docs["Image"]!.GetValue<string>());
        Assert.Equal("65534", docs["User"]!.GetValue<string>());
        Assert.True(docs["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(8080, docs["PortMappings"]![0]!["ContainerPort"]!.GetValue<int>());
        Assert.DoesNotContain(synthesized.Registry.OfType("AWS::ECR::Repository"), r => r.Resource["Properties"]!["RepositoryName"]!.GetValue<string>() == "identitye2e-dev/docs");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ADockerfileServiceRunsItsOwnImageAsItsUserOnItsPortWithTheWritableRootItsModelExcepted()
    {
        // Arrange
        var app = (await environments.Containers(TestContext.Current.CancellationToken)).Application;

        // Act
        var notes = AppOf(app, "notes");
        var environment = StackTemplate.EnvironmentOf(notes);

        // Assert
        Assert.EndsWith($$""":",{"Ref":"{{ApplicationStack.ImageTagParameter}}"}]]}""", notes["Image"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("/identitye2e-dev/notes", notes["Image"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("10001", notes["User"]!.GetValue<string>());
        Assert.False(notes["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(8000, notes["PortMappings"]![0]!["ContainerPort"]!.GetValue<int>());
        Assert.Equal("8000", environment["PORT"]);
        Assert.True(PrepareTmpOf(app, "notes")["ReadonlyRootFilesystem"]!.GetValue<bool>());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task APublicContainerIsCheckedByTheLoadBalancerOnItsHealthPathAndPort()
    {
        // Arrange
        var app = (await environments.Containers(TestContext.Current.CancellationToken)).Application;

        // Act
        var targetGroups = app.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Select(t => t.Resource["Properties"]!).ToList();
        var service = app.Resource(app.LogicalIdOf("AWS::ECS::Service", "notesService"))["Properties"]!;

        // Assert
        var notes = Assert.Single(service["LoadBalancers"]!.AsArray())!;
        Assert.Equal(8000, notes["ContainerPort"]!.GetValue<int>());
        // notes is the second public service, so the edge routes it under /notes and checks it there (PATH_BASE).
        Assert.Contains(targetGroups, t => t["Port"]!.GetValue<int>() == 8000 && t["HealthCheckPath"]!.GetValue<string>() == "/notes/health");
        Assert.All(targetGroups.Where(t => t["Port"]!.GetValue<int>() == 8000), t => Assert.Equal("/notes/health", t["HealthCheckPath"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task APublishedExecutableRunsAsRootOnlyBecauseItsModelSaysWhyWithItsArgumentsResolved()
    {
        // Arrange
        var synthesized = await environments.Containers(TestContext.Current.CancellationToken);

        // Act
        var report = AppOf(synthesized.Application, "report");

        // Assert
        Assert.Equal("0", report["User"]!.GetValue<string>());
        Assert.True(report["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal("""["--serve","--port","8001"]""", report["Command"]!.ToJsonString());
        Assert.Equal(8001, report["PortMappings"]![0]!["ContainerPort"]!.GetValue<int>());
        var model = synthesized.Model.Services.Single(s => s.Name == "report");
        Assert.Equal("runAsRoot", Assert.Single(model.Ecs.Exceptions).Control);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AContainerGetsItsTableGrantNarrowedByAccessItsSecretsAndItsSignInSettingsThroughTheResolver()
    {
        // Arrange
        var app = (await environments.Containers(TestContext.Current.CancellationToken)).Application;
        var role = IdentityTests.TaskRoleOf(app, "notes");

        // Act
        var items = IdentityTests.StatementsOf(app, role).Single(st => st["Sid"]?.GetValue<string>() == "Itemsidentities");
        var notes = AppOf(app, "notes");
        var environment = StackTemplate.EnvironmentOf(notes);

        // Assert
        Assert.Equal(["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"], items["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Contains("Tablesidentities", environment["AWS__Resources__identities__TableName"], StringComparison.Ordinal);
        Assert.Equal("http://backend:8080", environment["services__backend__http__0"]);
        Assert.Contains("cognito-idp", environment["Auth__Authority"], StringComparison.Ordinal);
        Assert.Contains(notes["Secrets"]!.AsArray(), s => s!["Name"]!.GetValue<string>() == "Cursor__SigningKey");
        Assert.False(environment.ContainsKey("Cursor__SigningKey"));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task CallersReachAContainerThroughServiceConnectOn8080AndItsGroupAdmitsThemOnItsOwnPort()
    {
        // Arrange
        var app = (await environments.Containers(TestContext.Current.CancellationToken)).Application;
        var report = app.LogicalIdOf("AWS::EC2::SecurityGroup", "reportSecurityGroup");
        var frontend = app.LogicalIdOf("AWS::EC2::SecurityGroup", "frontendSecurityGroup");

        // Act
        var ingress = app.OfType("AWS::EC2::SecurityGroupIngress").Select(r => r.Resource["Properties"]!)
            .Single(p => p["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>() == report);
        var serviceConnect = app.Resource(app.LogicalIdOf("AWS::ECS::Service", "reportService"))["Properties"]!["ServiceConnectConfiguration"]!["Services"]![0]!;

        // Assert
        Assert.Equal("http://report:8080", StackTemplate.EnvironmentOf(AppOf(app, "frontend"))["services__report__http__0"]);
        Assert.Equal((frontend, 8001, 8001), (ingress["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), ingress["FromPort"]!.GetValue<int>(), ingress["ToPort"]!.GetValue<int>()));
        Assert.Equal(8080, serviceConnect["ClientAliases"]![0]!["Port"]!.GetValue<int>());
        Assert.Equal(AppService.PortName, serviceConnect["PortName"]!.GetValue<string>());
    }
}
