using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class TaskTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryProdServiceRunsOnDemandOnFargateLatestPlatform()
    {
        // Arrange
        var synthesized = await environments.Prod(TestContext.Current.CancellationToken);

        // Act
        var services = synthesized.Application.OfType("AWS::ECS::Service");

        // Assert
        Assert.Equal(synthesized.Model.Services.Count, services.Count);
        synthesized.Application.Template.AllResourcesProperties("AWS::ECS::Service", Props.Of(("LaunchType", "FARGATE"), ("PlatformVersion", "LATEST")));
        synthesized.Application.Template.AllResourcesProperties("AWS::ECS::TaskDefinition", Props.Of(("RequiresCompatibilities", new object[] { "FARGATE" }), ("NetworkMode", "awsvpc")));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task DevServicesKeepOneTaskOnDemandAndRunTheRestOnSpotOnceTheClusterOffersBoth()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var services = app.OfType("AWS::ECS::Service");
        var associations = Assert.Single(app.OfType("AWS::ECS::ClusterCapacityProviderAssociations"));

        // Assert
        Assert.Equal("""["FARGATE","FARGATE_SPOT"]""", associations.Resource["Properties"]!["CapacityProviders"]!.ToJsonString());
        Assert.All(services, service =>
        {
            var properties = service.Resource["Properties"]!;
            Assert.Equal(
                """[{"Base":1,"CapacityProvider":"FARGATE","Weight":0},{"CapacityProvider":"FARGATE_SPOT","Weight":1}]""",
                properties["CapacityProviderStrategy"]!.ToJsonString());
            Assert.Null(properties["LaunchType"]);
            Assert.Contains(associations.LogicalId, service.Resource["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ProdHasNoCapacityProviderStrategyAndNoSpot()
    {
        // Arrange
        var app = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        var strategies = app.OfType("AWS::ECS::Service").Select(s => s.Resource["Properties"]!["CapacityProviderStrategy"]);

        // Assert
        Assert.All(strategies, Assert.Null);
        Assert.Empty(app.OfType("AWS::ECS::ClusterCapacityProviderAssociations"));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryTaskDefinitionRunsOnGravitonUnlessTheEnvironmentChoosesX86()
    {
        // Arrange
        var cancellation = TestContext.Current.CancellationToken;
        SynthesizedApp[] graviton = [await environments.Dev(cancellation), await environments.Prod(cancellation), await environments.Jobs(cancellation)];
        var x86 = await environments.Alternatives(cancellation);

        // Act
        static IEnumerable<string> Platforms(SynthesizedApp synthesized) =>
            synthesized.Application.OfType("AWS::ECS::TaskDefinition").Select(task => task.Resource["Properties"]!["RuntimePlatform"]!.ToJsonString());

        // Assert: services and jobs alike.
        Assert.Equal(graviton[2].Model.Workloads.Count(), graviton[2].Application.OfType("AWS::ECS::TaskDefinition").Count);
        Assert.All(graviton.SelectMany(Platforms), platform => Assert.Equal("""{"CpuArchitecture":"ARM64","OperatingSystemFamily":"LINUX"}""", platform));
        Assert.All(Platforms(x86), platform => Assert.Equal("""{"CpuArchitecture":"X86_64","OperatingSystemFamily":"LINUX"}""", platform));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EachServiceGetsItsOwnSizeAndAJobTheDefault()
    {
        // Arrange
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var jobs = await environments.Jobs(TestContext.Current.CancellationToken);

        // Act
        static (string Cpu, string Memory) Size(StackTemplate app, string workload)
        {
            var properties = app.OfType("AWS::ECS::TaskDefinition").Single(t => t.LogicalId.StartsWith($"{workload}Task", StringComparison.Ordinal)).Resource["Properties"]!;
            return (properties["Cpu"]!.GetValue<string>(), properties["Memory"]!.GetValue<string>());
        }

        // Assert
        Assert.Equal(("256", "512"), Size(dev, "backend"));
        Assert.Equal(("256", "1024"), Size(dev, "frontend"));
        var job = Assert.Single(jobs.Model.Jobs).Name;
        Assert.Equal(("256", "512"), Size(jobs.Application, job));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryLongRunningContainerRunsAsANonRootUser()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var users = app.Containers()
            .Where(c => c.Container["Name"]!.GetValue<string>() != AppService.PrepareTmpContainer)
            .Select(c => (Name: c.Container["Name"]!.GetValue<string>(), User: c.Container["User"]?.GetValue<string>()))
            .ToList();

        // Assert
        Assert.NotEmpty(users);
        Assert.All(users, c => Assert.True(c.User is not null and not "0" and not "root", $"{c.Name} runs as '{c.User}'"));
        Assert.All(users.Where(c => c.Name == AppService.AppContainer), c => Assert.Equal("1654", c.User));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheOnlyRootStepOpensTmpWithEveryCapabilityDroppedBeforeTheAppStarts()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var steps = app.Containers().Where(c => c.Container["Name"]!.GetValue<string>() == AppService.PrepareTmpContainer).ToList();

        // Assert
        Assert.Equal(app.OfType("AWS::ECS::TaskDefinition").Count, steps.Count);
        Assert.All(steps, step =>
        {
            var container = step.Container;
            // A ServiceDefaults service's own binary (chiseled images have no chmod); any other image's chmod.
            var appContainer = app.Containers().Single(c => c.Task == step.Task && c.Container["Name"]!.GetValue<string>() == AppService.AppContainer).Container;
            string[] entryPoint = [.. container["EntryPoint"]!.AsArray().Select(e => e!.GetValue<string>())];
            if (appContainer["HealthCheck"] is { } probe)
            {
                Assert.Equal([probe["Command"]![1]!.GetValue<string>(), "--prepare-tmp"], entryPoint);
            }
            else
            {
                Assert.Equal(["chmod", "1777", "/tmp"], entryPoint);
            }

            Assert.Equal("""["ALL"]""", container["LinuxParameters"]!["Capabilities"]!["Drop"]!.ToJsonString());
            Assert.False(container["Essential"]!.GetValue<bool>());
            Assert.Null(container["Environment"]);
            Assert.Null(container["Secrets"]);
            Assert.Null(container["PortMappings"]);
            Assert.Contains(appContainer["DependsOn"]!.AsArray(), d => d!["ContainerName"]!.GetValue<string>() == AppService.PrepareTmpContainer && d["Condition"]!.GetValue<string>() == "SUCCESS");
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryContainerDropsEveryLinuxCapabilityAndRunsAnInitProcess()
    {
        // Arrange
        var synthesized = await environments.ThreeProjects(TestContext.Current.CancellationToken);

        // Act
        var containers = synthesized.Application.Containers();

        // Assert
        Assert.Equal(synthesized.Model.Services.Count * 3, containers.Count);
        Assert.All(containers, c =>
        {
            var linux = c.Container["LinuxParameters"];
            Assert.True(linux is not null, $"{c.Task}/{c.Container["Name"]} has no LinuxParameters");
            Assert.Equal("""["ALL"]""", linux["Capabilities"]!["Drop"]!.ToJsonString());
            Assert.True(linux["InitProcessEnabled"]!.GetValue<bool>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryContainerHasAReadOnlyRootFileSystemAndTheAppAWritableTmp()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var containers = app.Containers();

        // Assert
        Assert.All(containers, c => Assert.True(c.Container["ReadonlyRootFilesystem"]!.GetValue<bool>()));
        Assert.All(containers.Where(c => c.Container["Name"]!.GetValue<string>() == AppService.AppContainer), c =>
        {
            var mount = Assert.Single(c.Container["MountPoints"]!.AsArray())!;
            Assert.Equal(("/tmp", false), (mount["ContainerPath"]!.GetValue<string>(), mount["ReadOnly"]!.GetValue<bool>()));
        });
        app.Template.AllResourcesProperties("AWS::ECS::TaskDefinition", Props.Of(("Volumes", new object[] { Props.Of(("Name", "tmp")) })));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task SecretsReachTheTaskAsEcsSecretsNeverAsPlainEnvironment()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var secret = app.LogicalIdOf("AWS::SecretsManager::Secret", "cursorsigningkey");

        // Act
        var backend = app.AppContainer("backend");

        // Assert
        var injected = Assert.Single(backend["Secrets"]!.AsArray())!;
        Assert.Equal("Cursor__SigningKey", injected["Name"]!.GetValue<string>());
        Assert.Equal(secret, injected["ValueFrom"]!["Ref"]!.GetValue<string>());
        Assert.DoesNotContain("Cursor__SigningKey", StackTemplate.EnvironmentOf(backend).Keys);
        Assert.DoesNotContain(app.Containers(), c => StackTemplate.EnvironmentOf(c.Container).Values.Any(v => v.Contains("resolve:secretsmanager", StringComparison.Ordinal)));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EcsExecIsOff()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var services = app.OfType("AWS::ECS::Service");

        // Assert
        Assert.All(services, s => Assert.False(s.Resource["Properties"]!["EnableExecuteCommand"]!.GetValue<bool>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryAppListensOn8080WithThePublisherSetVariables()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var apps = synthesized.Model.Services.Select(s => (s.Name, Container: synthesized.Application.AppContainer(s.Name))).ToList();

        // Assert
        Assert.All(apps, app =>
        {
            var port = Assert.Single(app.Container["PortMappings"]!.AsArray())!;
            Assert.Equal((8080, "http", "http"), (port["ContainerPort"]!.GetValue<int>(), port["Name"]!.GetValue<string>(), port["AppProtocol"]!.GetValue<string>()));
            var environment = StackTemplate.EnvironmentOf(app.Container);
            Assert.Equal("8080", environment["HTTP_PORTS"]);
            Assert.Equal("http://localhost:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal(app.Name, environment["OTEL_SERVICE_NAME"]);
            Assert.Equal("""{"Ref":"AWS::Region"}""", environment["AWS_REGION"]);
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheFrontendFindsTheBackendThroughServiceConnectWithTheSameVariablesAsLocally()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var environment = StackTemplate.EnvironmentOf(app.AppContainer("frontend"));
        var backend = app.Resource(app.LogicalIdOf("AWS::ECS::Service", "backendService"));

        // Assert
        Assert.Equal("http://backend:8080", environment["services__backend__http__0"]);
        var published = Assert.Single(backend["Properties"]!["ServiceConnectConfiguration"]!["Services"]!.AsArray())!;
        Assert.Equal(("backend", "backend", 8080), (published["DiscoveryName"]!.GetValue<string>(), published["ClientAliases"]![0]!["DnsName"]!.GetValue<string>(), published["ClientAliases"]![0]!["Port"]!.GetValue<int>()));
        app.Template.AllResourcesProperties("AWS::ECS::Service", Props.Of(("ServiceConnectConfiguration", Props.Of(("Enabled", true)))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task RunModeOnlyResourcesNeverReachTheCloud()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var images = synthesized.Application.Containers().Select(c => c.Container["Image"]!.ToJsonString()).ToList();

        // Assert
        Assert.Equal(synthesized.Model.Workloads.Count() * 3, images.Count);
        Assert.All(images, image => Assert.True(image.Contains("dkr.ecr", StringComparison.Ordinal) || image.Contains(Telemetry.CollectorImage, StringComparison.Ordinal), image));
        Assert.DoesNotContain("dynamodb-local", synthesized.Application.Json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("dynamodb-admin", synthesized.Application.Json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AWS_ENDPOINT_URL_DYNAMODB", synthesized.Application.Json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EachServiceAnswersOnlyToItsOwnHostNames()
    {
        // Arrange
        var synthesized = await environments.Alternatives(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var frontend = StackTemplate.EnvironmentOf(app.AppContainer("frontend"))["AllowedHosts"];
        var backend = StackTemplate.EnvironmentOf(app.AppContainer("backend"))["AllowedHosts"];

        // Assert: the public name for the public service, the Service Connect name for the called one.
        Assert.Equal(SynthesizedEnvironments.DomainName, frontend);
        Assert.Equal("backend", backend);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task BehindCloudFrontThePublicServiceAnswersToTheDistributionsName()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var frontend = StackTemplate.EnvironmentOf(app.AppContainer("frontend"))["AllowedHosts"];

        // Assert: the distribution's domain name, resolved at deploy time; never "*".
        Assert.Contains("DomainName", frontend, StringComparison.Ordinal);
        Assert.DoesNotContain("*", frontend, StringComparison.Ordinal);
    }
}
