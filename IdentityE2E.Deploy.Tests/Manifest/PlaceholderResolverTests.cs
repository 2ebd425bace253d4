using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Manifest;

public sealed class PlaceholderResolverTests
{
    private static CloudModel Contract() => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));

    private static string Manifest(string frontendEnv) => $$"""
        { "resources": {
          "key": { "type": "parameter.v0", "value": "{key.inputs.value}",
                   "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 40 } } } } },
          "greeting": { "type": "parameter.v0", "value": "{greeting.inputs.value}",
                        "inputs": { "value": { "type": "string", "default": { "value": "hello" } } } },
          "dynamodb": { "type": "aws.dynamodb.v0" },
          "orders": { "type": "aws.dynamodb.table.v0", "parent": "dynamodb", "partitionKey": { "name": "pk", "type": "S" } },
          "backend": { "type": "project.v0", "path": "B/B.csproj", "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http" } } },
          "frontend": { "type": "project.v0", "path": "F/F.csproj", "env": { {{frontendEnv}} },
                        "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true } } } } }
        """;

    [Fact]
    public void ServiceUrlsResolveToServiceConnectNamesOnPort8080()
    {
        // Arrange
        var model = Contract();

        // Act
        var frontend = model.Services.Single(s => s.Name == "frontend");

        // Assert
        Assert.Equal("http://backend:8080", frontend.Environment["services__backend__http__0"].ToString());
        Assert.Equal("http://backend:8080", frontend.Environment["services__backend__https__0"].ToString());
        Assert.Equal("8080", frontend.Environment["HTTP_PORTS"].ToString());
        Assert.Equal(["backend"], frontend.ServiceReferences);
        Assert.Equal(["frontend"], model.CallersOf("backend").Select(c => c.Name));
    }

    [Fact]
    public void ATableNamePlaceholderIsTheProjectsTableReference()
    {
        // Arrange
        var model = Contract();

        // Act
        var backend = model.Services.Single(s => s.Name == "backend");
        var frontend = model.Services.Single(s => s.Name == "frontend");

        // Assert
        Assert.Equal(["identities"], backend.TableReferences);
        Assert.Empty(frontend.TableReferences);
        Assert.Equal([new TableNamePart("identities")], backend.Environment["AWS__Resources__identities__TableName"].Parts);
    }

    [Fact]
    public void ATablesEncryptionKeyPlaceholderIsAKeyReferenceNotATableReference()
    {
        // Arrange
        var json = Manifest("\"DataProtection__KmsKeyId\": \"{orders.outputs.encryptionKeyArn}\"");

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        var frontend = model.Services.Single(s => s.Name == "frontend");
        Assert.Equal(["orders"], frontend.KeyReferences);
        Assert.Empty(frontend.TableReferences);
        Assert.Empty(model.Services.Single(s => s.Name == "backend").KeyReferences);
        Assert.Equal([new TableKeyArnPart("orders")], frontend.Environment["DataProtection__KmsKeyId"].Parts);
    }

    [Fact]
    public void ASecretParameterBecomesAnEcsSecretNotAnEnvironmentValue()
    {
        // Arrange
        var model = Contract();

        // Act
        var backend = model.Services.Single(s => s.Name == "backend");

        // Assert
        Assert.False(backend.Environment.ContainsKey("Cursor__SigningKey"));
        Assert.Equal("cursor-signing-key", backend.Secrets["Cursor__SigningKey"]);
        Assert.Equal("cursor-signing-key", Assert.Single(model.Secrets).Name);
    }

    [Fact]
    public void ANonSecretParameterWithADefaultBecomesAPlainValue()
    {
        // Arrange
        var json = Manifest("\"GREETING\": \"{greeting.value}, world\"");

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        Assert.Equal("hello, world", model.Services.Single(s => s.Name == "frontend").Environment["GREETING"].ToString());
    }

    [Theory]
    [InlineData("{nowhere.bindings.http.url}", "'nowhere' is not a service, table, parameter or user pool")]
    [InlineData("{backend.bindings.grpc.url}", "'backend' has no binding 'grpc'")]
    [InlineData("{backend.bindings.http.scheme}", "binding property 'scheme' is not one the publisher resolves")]
    [InlineData("{orders.outputs.arn}", "a table offers outputs.tableName and outputs.encryptionKeyArn")]
    [InlineData("{orders.outputs.encryptionKeyId}", "a table offers outputs.tableName and outputs.encryptionKeyArn")]
    [InlineData("{backend.connectionString}", "a service offers bindings")]
    [InlineData("{orders}", "it does not name a resource and a property")]
    public void AnUnresolvablePlaceholderIsAnErrorNamingTheResourceAndThePlaceholder(string placeholder, string reason)
    {
        // Arrange
        var json = Manifest($"\"X\": \"{placeholder}\"");

        // Act
        var error = Assert.Throws<DeployException>(() => PlaceholderResolver.Resolve(ManifestReader.Read(json)));

        // Assert
        Assert.Contains($"Resource 'frontend': env 'X' holds placeholder '{placeholder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretInsideALongerValueIsAnError()
    {
        // Arrange
        var json = Manifest("\"ConnectionStrings__Db\": \"Password={key.value};Host=db\"");

        // Act
        var error = Assert.Throws<DeployException>(() => PlaceholderResolver.Resolve(ManifestReader.Read(json)));

        // Assert
        Assert.Contains("'{key.value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a secret can only be the whole value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGeneratedSecretKeepsTheManifestsRules()
    {
        // Arrange
        var json = Manifest("\"Key\": \"{key.value}\"");

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        Assert.Equal(new SecretModel("key", new SecretGeneration(40, true, true, true, true)), Assert.Single(model.Secrets));
    }
}
