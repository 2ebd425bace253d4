using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Hosting;

/// <summary>
/// Jobs in the manifest Aspire 13.6 publishes: PublishAsEcsTask leaves the resource's own entry as Aspire writes it and
/// adds a marker entry (docs/contracts.md, "Jobs: one-off tasks").
/// </summary>
public sealed class EcsTaskManifestTests
{
    // Any console project will do: the manifest only records its path. The deploy tool is one that is always there.
    private static string ConsoleProject => Path.Combine(RepositoryRoot.Path, "IdentityE2E.Deploy", "IdentityE2E.Deploy.csproj");

    private static void AssertJsonEqual(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nbut got {actual?.ToJsonString()}");

    [Fact]
    public async Task AProjectMarkedAsATaskKeepsItsProjectEntryAndGetsAMarkerEntry()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddProject("migration", ConsoleProject)
            .PublishAsEcsTask()
            .WithEnvironment("IMPORT_MODE", "strict");

        // Act
        var resources = await manifest.PublishAsync(builder);

        // Assert
        Assert.Equal("project.v0", (string?)resources["migration"]!["type"]);
        Assert.Equal("strict", (string?)resources["migration"]!["env"]!["IMPORT_MODE"]);
        AssertJsonEqual(new JsonObject { ["type"] = "aws.ecs.task.v0", ["resource"] = "migration" }, resources["migration-task"]);
    }

    [Fact]
    public async Task MarkingTwiceAnywhereInTheChainWritesOneMarker()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddProject("migration", ConsoleProject)
            .PublishAsEcsTask()
            .WithArgs("--help")
            .PublishAsEcsTask();

        // Act
        var resources = await manifest.PublishAsync(builder);

        // Assert
        Assert.Equal(["migration", "migration-task"], resources.Select(entry => entry.Key).Order(StringComparer.Ordinal));
        Assert.Equal("--help", (string?)resources["migration"]!["args"]![0]);
    }

    [Fact]
    public async Task AContainerMarkedAsATaskKeepsItsContainerEntryAndGetsAMarkerEntry()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddContainer("report", "registry.example/report", "2.0.1").PublishAsEcsTask();

        // Act
        var resources = await manifest.PublishAsync(builder);

        // Assert
        Assert.Equal("container.v0", (string?)resources["report"]!["type"]);
        AssertJsonEqual(new JsonObject { ["type"] = "aws.ecs.task.v0", ["resource"] = "report" }, resources["report-task"]);
    }

    [Fact]
    public async Task AContainerJobGetsWhatItsImageNeedsAsTheEcsObjectWhereverItIsConfigured()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddDockerfile("report", manifest.ServiceFolder("report"))
            .PublishAsEcsTask(ecs => ecs.User = "10001")
            .WithArgs("--month", "current")
            .PublishAsEcsTask(ecs => ecs.AllowWritableRootFilesystem("The report tool writes its cache next to the code."));

        // Act
        var resources = await manifest.PublishAsync(builder);

        // Assert
        var entry = resources["report"]!;
        Assert.Equal("container.v1", (string?)entry["type"]);
        Assert.Equal("10001", (string?)entry["ecs"]!["user"]);
        Assert.False((bool)entry["ecs"]!["readOnlyRootFilesystem"]!);
        Assert.Equal("current", (string?)entry["args"]![1]);
        AssertJsonEqual(new JsonObject { ["type"] = "aws.ecs.task.v0", ["resource"] = "report" }, resources["report-task"]);
    }

    [Fact]
    public void AProjectJobCannotBeConfigured()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder([]);
        var migration = builder.AddProject("migration", ConsoleProject);

        // Act
        var exception = Record.Exception(() => migration.PublishAsEcsTask(ecs => ecs.User = "10001"));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.StartsWith("'migration' is a .NET project, which the publisher runs with its own hardening", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunModeAddsNoResourceAndRecordsTheMark()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder([]);
        var migration = builder.AddProject("migration", ConsoleProject);

        // Act
        migration.PublishAsEcsTask();

        // Assert
        Assert.Empty(builder.Resources.OfType<EcsTaskResource>());
        Assert.Single(migration.Resource.Annotations.OfType<EcsTaskAnnotation>());
    }

    [Fact]
    public void AServiceCannotBecomeATask()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        var legacy = builder.AddContainer("legacy", "registry.example/legacy", "1.4.2").PublishAsEcsService(ecs => ecs.User = "10001");

        // Act
        var exception = Record.Exception(() => legacy.PublishAsEcsTask());

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.Equal("'legacy' is already published as an ECS service (PublishAsEcsService); a resource is either a service or a job.", exception.Message);
    }

    [Fact]
    public void ATaskCannotBecomeAService()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        var report = builder.AddContainer("report", "registry.example/report", "2.0.1").PublishAsEcsTask();

        // Act
        var exception = Record.Exception(() => report.PublishAsEcsService(ecs => ecs.User = "10001"));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.Equal("'report' is already published as an ECS task (PublishAsEcsTask); a resource is either a service or a job.", exception.Message);
    }
}
