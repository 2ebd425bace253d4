using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Tests.Manifest;

/// <summary>The manifest types of services that are not .NET projects, read as docs/contracts.md says (issue 9).</summary>
public sealed class ContainerManifestTests
{
    private static ServiceResource ReadService(string resource, string json) =>
        ManifestReader.Read($$"""{ "resources": { "{{resource}}": {{json}} } }""").Services.Single();

    private static DeployException ReadError(string json) =>
        Assert.Throws<DeployException>(() => ManifestReader.Read($$"""{ "resources": { "svc": {{json}} } }"""));

    [Fact]
    public void AContainerFromAnImageRunsAsNobodyOnItsTargetPortWithEveryHardeningDefault()
    {
        // Arrange
        const string json = """
            { "type": "container.v0", "image": "docker.io/library/nginx:1.27@sha256:abc",
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8081 } } }
            """;

        // Act
        var service = ReadService("web", json);

        // Assert
        var image = Assert.IsType<RegistryImage>(service.Image);
        Assert.True(image.IsPinned);
        Assert.Equal(8081, service.ContainerPort);
        Assert.Equal(EcsOptions.ContainerDefaults, service.Ecs);
        Assert.Equal("65534", service.Ecs.User);
    }

    [Fact]
    public void ADockerfileContainerKeepsItsPathsAsTheManifestWritesThemWithStageAndBuildArguments()
    {
        // Arrange
        const string json = """
            { "type": "container.v1",
              "build": { "context": "../notes", "dockerfile": "../notes/Dockerfile", "stage": "runtime", "args": { "PYTHON_VERSION": "3.12" } },
              "entrypoint": "/app/start",
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8000 } },
              "ecs": { "user": "10001", "healthCheckPath": "/health", "readOnlyRootFilesystem": true, "exceptions": [] } }
            """;

        // Act
        var service = ReadService("notes", json);

        // Assert
        var image = Assert.IsType<DockerfileImage>(service.Image);
        Assert.Equal(("../notes", "../notes/Dockerfile", "runtime"), (image.Context, image.Dockerfile, image.Stage));
        Assert.Equal("3.12", image.BuildArgs["PYTHON_VERSION"]);
        Assert.Equal(["/app/start"], service.EntryPoint);
        Assert.Equal((8000, "10001", "/health", true), (service.ContainerPort, service.Ecs.User, service.Ecs.HealthCheckPath, service.Ecs.ReadOnlyRootFilesystem));
    }

    [Fact]
    public void APublishedExecutableWithoutATargetPortListensOn8080()
    {
        // Arrange: PublishAsDockerFile on an executable, as Aspire writes it when no endpoint names a port.
        const string json = """{ "type": "container.v1", "build": { "context": ".", "dockerfile": "Dockerfile" } }""";

        // Act
        var service = ReadService("tool", json);

        // Assert
        Assert.IsType<DockerfileImage>(service.Image);
        Assert.Equal(8080, service.ContainerPort);
    }

    [Fact]
    public void AContainerV1WithADeploymentTargetAndAnImageIsAnImageFromARegistry()
    {
        // Arrange
        const string json = """{ "type": "container.v1", "image": "ghcr.io/acme/api:2.1", "deployment": {} }""";

        // Act
        var service = ReadService("api", json);

        // Assert
        Assert.Equal(new RegistryImage("ghcr.io/acme/api:2.1"), service.Image);
    }

    [Theory]
    [InlineData("""{ "type": "container.v1", "build": { "context": "." , "dockerfile": "Dockerfile" }, "ecs": { "readOnlyRootFilesystem": false } }""", "Resource 'svc': ecs.readOnlyRootFilesystem is false without an exception")]
    [InlineData("""{ "type": "container.v0", "image": "x:1", "ecs": { "user": "0" } }""", "Resource 'svc': ecs.user is '0' (root) without an exception")]
    [InlineData("""{ "type": "container.v0", "image": "x:1", "ecs": { "user": "root:root" } }""", "Resource 'svc': ecs.user is 'root:root' (root) without an exception")]
    [InlineData("""{ "type": "container.v0", "image": "x:1", "ecs": { "readOnlyRootFilesystem": false, "exceptions": [ { "control": "readOnlyRootFilesystem", "reason": " " } ] } }""", "Resource 'svc': ecs.exceptions[0] (readOnlyRootFilesystem) has no reason")]
    [InlineData("""{ "type": "container.v0", "image": "x:1", "ecs": { "exceptions": [ { "control": "privileged", "reason": "because" } ] } }""", "Resource 'svc': ecs.exceptions[0].control 'privileged' is not a hardening control")]
    public void AnOptOutWithoutAReasonIsAOneLineErrorNamingTheResourceAndTheKey(string json, string expected)
    {
        // Arrange
        var resource = json;

        // Act
        var error = ReadError(resource);

        // Assert
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AnOptOutWithItsReasonIsAccepted()
    {
        // Arrange
        const string json = """
            { "type": "container.v0", "image": "x:1",
              "ecs": { "user": "0", "readOnlyRootFilesystem": false, "exceptions": [
                { "control": "readOnlyRootFilesystem", "reason": "It unpacks plugins next to its code." },
                { "control": "runAsRoot", "reason": "The vendor image starts only as root." } ] } }
            """;

        // Act
        var service = ReadService("vendor", json);

        // Assert
        Assert.True(service.Ecs.RunsAsRoot);
        Assert.False(service.Ecs.ReadOnlyRootFilesystem);
        Assert.Equal(["readOnlyRootFilesystem", "runAsRoot"], service.Ecs.Exceptions.Select(e => e.Control));
    }

    [Fact]
    public void APublicContainerWithoutAHealthCheckPathIsAnError()
    {
        // Arrange
        const string json = """
            { "type": "container.v0", "image": "x:1", "ecs": { "healthCheckPath": null },
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true } } }
            """;

        // Act
        var error = ReadError(json);

        // Assert
        Assert.StartsWith("Resource 'svc': ecs.healthCheckPath is missing; a public service needs the HTTP path the load balancer checks", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "container.v0" }""", "Resource 'svc': \"image\" is missing or empty.")]
    [InlineData("""{ "type": "project.v0", "path": "Api/Api.csproj", "ecs": { "user": "10001" } }""", "Resource 'svc': \"ecs\" applies to containers only")]
    [InlineData("""{ "type": "container.v1" }""", "Resource 'svc': has neither \"build\" nor \"image\".")]
    [InlineData("""{ "type": "container.v1", "build": { "context": ".", "dockerfile": "Dockerfile", "buildOnly": true } }""", "Resource 'svc': build.buildOnly is true")]
    [InlineData("""{ "type": "container.v1", "build": { "context": ".", "dockerfile": "Dockerfile", "args": { "KEY": "{key.value}" } } }""", "Resource 'svc': build.args 'KEY' must be a literal string")]
    [InlineData("""{ "type": "container.v0", "image": "redis:7", "volumes": [ { "name": "data", "target": "/data" } ] }""", "Resource 'svc': \"volumes\" is not supported")]
    [InlineData("""{ "type": "container.v0", "image": "x:1", "bindings": { "http": { "scheme": "http", "targetPort": 80 }, "admin": { "scheme": "http", "targetPort": 81 } } }""", "Resource 'svc': bindings.admin.targetPort is 81, but the service listens on 80")]
    public void AContainerTheTasksCannotRunIsAnErrorNamingTheResourceAndTheKey(string json, string expected)
    {
        // Arrange
        var resource = json;

        // Act
        var error = ReadError(resource);

        // Assert
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTargetPortPlaceholderIsTheContainersPortAndItsUrlIsServiceConnectOn8080()
    {
        // Arrange
        const string json = """
            { "resources": {
              "notes": { "type": "container.v1", "build": { "context": "n", "dockerfile": "n/Dockerfile" },
                "env": { "PORT": "{notes.bindings.http.targetPort}" },
                "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8000 } } },
              "web": { "type": "project.v0", "path": "Web/Web.csproj", "env": { "services__notes__http__0": "{notes.bindings.http.url}" } } } }
            """;

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        var notes = model.Services.Single(s => s.Name == "notes");
        Assert.Equal(("8000", 8000), (notes.Environment["PORT"].ToString(), notes.ContainerPort));
        Assert.Equal("http://notes:8080", model.Services.Single(s => s.Name == "web").Environment["services__notes__http__0"].ToString());
        Assert.Equal(["web"], model.CallersOf("notes").Select(s => s.Name));
    }
}
