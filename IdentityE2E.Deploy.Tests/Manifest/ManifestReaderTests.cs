using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Manifest;

public sealed class ManifestReaderTests
{
    [Fact]
    public void TheContractManifestReadsIntoTwoProjectsOneTableAndASecretParameter()
    {
        // Arrange
        var path = TestPaths.ContractManifest;

        // Act
        var manifest = ManifestReader.ReadFile(path);

        // Assert
        Assert.Equal(["backend", "frontend"], manifest.Services.Select(p => p.Name));
        Assert.True(manifest.Services.Single(p => p.Name == "frontend").IsExternal);
        Assert.False(manifest.Services.Single(p => p.Name == "backend").IsExternal);
        var table = Assert.Single(manifest.Tables);
        Assert.Equal(("identities", "dynamodb", "pk"), (table.Name, table.Parent, table.PartitionKey.Name));
        Assert.Equal(["by-created", "by-status"], table.GlobalSecondaryIndexes.Select(i => i.Name));
        var parameter = Assert.Single(manifest.Parameters);
        Assert.True(parameter.Secret);
        Assert.Equal(new SecretGeneration(32, true, true, true, false), parameter.Generate);
    }

    [Fact]
    public void AMalformedManifestIsAnErrorThatGivesTheLine()
    {
        // Arrange
        const string json = "{\n  \"resources\": {\n    \"backend\": { \"type\": \"project.v0\", }\n";

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.StartsWith("aspire-manifest.json is not valid JSON (line", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AManifestWithoutResourcesIsAnError()
    {
        // Arrange
        const string json = """{ "projects": {} }""";

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.Contains("no \"resources\" object", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamodb-admin", "executable.v0")]
    [InlineData("web", "dockerfile.v0")]
    [InlineData("cache", "redis.server.v0")]
    public void AnUnknownResourceTypeIsAnErrorNamingTheResourceAndItsType(string name, string type)
    {
        // Arrange
        var json = $$"""{ "resources": { "{{name}}": { "type": "{{type}}", "image": "x" } } }""";

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.Contains($"Resource '{name}' has type '{type}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProjectV1WithTheSameFieldsIsAccepted()
    {
        // Arrange
        const string json = """
            { "resources": { "api": { "type": "project.v1", "path": "Api/Api.csproj", "deployment": {},
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true } } } } }
            """;

        // Act
        var manifest = ManifestReader.Read(json);

        // Assert
        var project = Assert.Single(manifest.Services);
        Assert.Equal(("api", new ProjectImage("Api/Api.csproj"), true), (project.Name, project.Image, project.IsExternal));
    }

    [Fact]
    public void ATableWhoseParentIsNotADynamoDBResourceIsAnError()
    {
        // Arrange
        const string json = """
            { "resources": {
              "api": { "type": "project.v0", "path": "Api/Api.csproj" },
              "orders": { "type": "aws.dynamodb.table.v0", "parent": "nowhere", "partitionKey": { "name": "pk", "type": "S" } } } }
            """;

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.Contains("Resource 'orders': its parent 'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProjectWithoutAPathIsAnErrorNamingIt()
    {
        // Arrange
        const string json = """{ "resources": { "api": { "type": "project.v0" } } }""";

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.Equal("Resource 'api': \"path\" is missing or empty.", error.Message);
    }
}
