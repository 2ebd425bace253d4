using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Hosting;

/// <summary>
/// Services that are not .NET projects in the manifest Aspire 13.6 publishes, with what PublishAsEcsService adds
/// (docs/contracts.md, "Services that are not .NET projects").
/// </summary>
public sealed class EcsServiceManifestTests
{
    private static JsonObject Ecs(string user, string? healthCheckPath, bool readOnlyRootFilesystem, params (string Control, string Reason)[] exceptions) =>
        new JsonObject
        {
            ["user"] = user,
            ["healthCheckPath"] = healthCheckPath,
            ["readOnlyRootFilesystem"] = readOnlyRootFilesystem,
            ["exceptions"] = new JsonArray([.. exceptions.Select(e => new JsonObject { ["control"] = e.Control, ["reason"] = e.Reason })]),
        };

    private static void AssertJsonEqual(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\nbut got {actual?.ToJsonString()}");

    [Fact]
    public async Task AContainerFromAnImageIsContainerV0WithItsImageAndTheEcsObject()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddContainer("legacy", "registry.example/legacy", "1.4.2")
            .WithHttpEndpoint(targetPort: 8080)
            .PublishAsEcsService(ecs =>
            {
                ecs.User = "10001";
                ecs.HealthCheckPath = "/ping";
            });

        // Act
        var entry = (await manifest.PublishAsync(builder))["legacy"]!;

        // Assert
        Assert.Equal("container.v0", (string?)entry["type"]);
        Assert.Equal("registry.example/legacy:1.4.2", (string?)entry["image"]);
        Assert.Equal(8080, (int?)entry["bindings"]!["http"]!["targetPort"]);
        AssertJsonEqual(Ecs("10001", "/ping", true), entry["ecs"]);
    }

    [Fact]
    public async Task ADockerfileIsContainerV1WithItsBuildAndTheEcsObject()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddDockerfile("worker", manifest.ServiceFolder("worker"))
            .WithHttpEndpoint(targetPort: 8000, env: "PORT")
            .PublishAsEcsService(ecs => ecs.User = "10001");

        // Act
        var entry = (await manifest.PublishAsync(builder))["worker"]!;

        // Assert
        Assert.Equal("container.v1", (string?)entry["type"]);
        Assert.Equal("worker", (string?)entry["build"]!["context"]);
        Assert.Equal("worker/Dockerfile", (string?)entry["build"]!["dockerfile"]);
        Assert.Equal("{worker.bindings.http.targetPort}", (string?)entry["env"]!["PORT"]);
        AssertJsonEqual(Ecs("10001", null, true), entry["ecs"]);
    }

    [Fact]
    public async Task AnExecutablePublishedAsADockerfileIsContainerV1BuiltFromItsWorkingDirectory()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddExecutable("notes", "python3", manifest.ServiceFolder("notes"), "app.py")
            .WithHttpEndpoint(targetPort: 8000, env: "PORT")
            .PublishAsDockerFile()
            .PublishAsEcsService(ecs =>
            {
                ecs.User = "10001";
                ecs.HealthCheckPath = "/health";
            });

        // Act
        var entry = (await manifest.PublishAsync(builder))["notes"]!;

        // Assert: the command and its arguments are the laptop's; the image brings its own.
        Assert.Equal("container.v1", (string?)entry["type"]);
        Assert.Equal("notes", (string?)entry["build"]!["context"]);
        Assert.Equal("notes/Dockerfile", (string?)entry["build"]!["dockerfile"]);
        Assert.Null(entry["args"]);
        Assert.Null(entry["command"]);
        AssertJsonEqual(Ecs("10001", "/health", true), entry["ecs"]);
    }

    [Fact]
    public async Task AnExecutablesEntryIsTheSameWhereverPublishAsEcsServiceStandsInTheChain()
    {
        // Arrange: the ECS settings after, before and without PublishAsDockerFile, the health check and the references.
        var orders = new Func<IDistributedApplicationBuilder, string, IResourceBuilder<ExecutableResource>>[]
        {
            (builder, folder) => Notes(builder, folder).WithHttpHealthCheck("/health").WithReference(Backend(builder).GetEndpoint("http")).PublishAsDockerFile().PublishAsEcsService(Settings),
            (builder, folder) => Notes(builder, folder).PublishAsEcsService(Settings).PublishAsDockerFile().WithHttpHealthCheck("/health").WithReference(Backend(builder).GetEndpoint("http")),
            (builder, folder) => Notes(builder, folder).PublishAsEcsService(Settings).WithHttpHealthCheck("/health").WithReference(Backend(builder).GetEndpoint("http")),
        };

        // Act
        var entries = new List<JsonNode>();
        foreach (var order in orders)
        {
            var (manifest, builder) = PublishedManifest.Create();
            using var _ = manifest;
            order(builder, manifest.ServiceFolder("notes"));
            entries.Add((await manifest.PublishAsync(builder))["notes"]!);
        }

        // Assert
        Assert.Equal("{backend.bindings.http.url}", (string?)entries[0]["env"]!["services__backend__http__0"]);
        AssertJsonEqual(Ecs("10001", "/health", false, ("readOnlyRootFilesystem", "Writes its cache next to the code.")), entries[0]["ecs"]);
        AssertJsonEqual(entries[0], entries[1]);
        AssertJsonEqual(entries[0], entries[2]);

        static IResourceBuilder<ExecutableResource> Notes(IDistributedApplicationBuilder builder, string folder) =>
            builder.AddExecutable("notes", "python3", folder, "app.py").WithHttpEndpoint(targetPort: 8000, env: "PORT");

        static IResourceBuilder<ContainerResource> Backend(IDistributedApplicationBuilder builder) =>
            builder.AddContainer("backend", "backend-image").WithHttpEndpoint(targetPort: 8080);

        static void Settings(EcsServiceOptions ecs)
        {
            ecs.User = "10001";
            ecs.HealthCheckPath = "/health";
            ecs.AllowWritableRootFilesystem("Writes its cache next to the code.");
        }
    }

    [Fact]
    public async Task EveryKeyIsWrittenWithItsDefaultWhenTheModelSetsNothing()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddContainer("legacy", "legacy-image").PublishAsEcsService(_ => { });

        // Act
        var entry = (await manifest.PublishAsync(builder))["legacy"]!;

        // Assert
        AssertJsonEqual(Ecs("65534", null, true), entry["ecs"]);
    }

    [Fact]
    public async Task OptOutsAreWrittenWithTheirReasonsAndLaterCallsAddUp()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddContainer("legacy", "legacy-image")
            .PublishAsEcsService(ecs => ecs.AllowWritableRootFilesystem("The vendor's agent writes to /opt/agent."))
            .PublishAsEcsService(ecs => ecs.RunAsRoot("The vendor's agent binds port 80."));

        // Act
        var entry = (await manifest.PublishAsync(builder))["legacy"]!;

        // Assert
        AssertJsonEqual(
            Ecs("0", null, false, ("readOnlyRootFilesystem", "The vendor's agent writes to /opt/agent."), ("runAsRoot", "The vendor's agent binds port 80.")),
            entry["ecs"]);
    }

    [Fact]
    public async Task AContainerWithoutPublishAsEcsServiceHasNoEcsObject()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        builder.AddContainer("legacy", "legacy-image");

        // Act
        var entry = (await manifest.PublishAsync(builder))["legacy"]!;

        // Assert
        Assert.Equal("container.v0", (string?)entry["type"]);
        Assert.Null(entry["ecs"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AnOptOutWithoutAReasonIsRefusedWhenTheModelIsBuilt(string reason)
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        var notes = builder.AddContainer("notes", "notes-image");

        // Act
        var writable = Record.Exception(() => notes.PublishAsEcsService(ecs => ecs.AllowWritableRootFilesystem(reason)));
        var root = Record.Exception(() => notes.PublishAsEcsService(ecs => ecs.RunAsRoot(reason)));

        // Assert
        Assert.IsType<ArgumentException>(writable);
        Assert.StartsWith("'notes' opts out of 'readOnlyRootFilesystem' without a reason; say why the image needs it", writable.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(root);
        Assert.StartsWith("'notes' opts out of 'runAsRoot' without a reason", root.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0:0")]
    [InlineData("root")]
    public void RootWithoutRunAsRootIsRefusedWhenTheModelIsBuilt(string user)
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        var notes = builder.AddContainer("notes", "notes-image");

        // Act
        var exception = Record.Exception(() => notes.PublishAsEcsService(ecs => ecs.User = user));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.Equal($"'notes' runs as root (User = \"{user}\"); give the image a non-root USER and set its uid, or call ecs.RunAsRoot(\"reason\").", exception.Message);
    }

    [Fact]
    public void AUserNameInsteadOfAUidIsRefusedWhenTheModelIsBuilt()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        var notes = builder.AddContainer("notes", "notes-image");

        // Act
        var exception = Record.Exception(() => notes.PublishAsEcsService(ecs => ecs.User = "app"));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains("use the numeric uid (or uid:gid) of the Dockerfile's USER", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADotNetProjectIsRefusedWithTheReason()
    {
        // Arrange
        var (manifest, builder) = PublishedManifest.Create();
        using var _ = manifest;
        var backend = builder.AddProject("backend", Path.Combine(RepositoryRoot.Path, "IdentityE2E.Backend", "IdentityE2E.Backend.csproj"));

        // Act
        var exception = Record.Exception(() => backend.PublishAsEcsService(ecs => ecs.User = "10001"));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.StartsWith("'backend' is a .NET project, which the publisher already runs as a hardened ECS service", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunModeKeepsTheExecutableAndRecordsTheSettings()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder([]);
        var notes = builder.AddExecutable("notes", "python3", Path.GetTempPath(), "app.py");

        // Act
        notes.PublishAsEcsService(ecs => ecs.User = "10001");

        // Assert
        Assert.Same(notes.Resource, Assert.Single(builder.Resources));
        Assert.Equal("10001", Assert.Single(notes.Resource.Annotations.OfType<EcsServiceAnnotation>()).Options.User);
    }
}
