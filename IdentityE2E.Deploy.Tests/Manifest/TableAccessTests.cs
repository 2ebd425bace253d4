using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Manifest;

/// <summary>A table's <c>access</c> entries: what each referencing service declared it does, which becomes its grant.</summary>
public sealed class TableAccessTests
{
    private static string Manifest(string access, string frontendEnv = "\"AWS__Resources__orders__TableName\": \"{orders.outputs.tableName}\"") => $$"""
        { "resources": {
          "dynamodb": { "type": "aws.dynamodb.v0" },
          "orders": { "type": "aws.dynamodb.table.v0", "parent": "dynamodb", "partitionKey": { "name": "pk", "type": "S" }{{access}} },
          "backend": { "type": "project.v0", "path": "B/B.csproj", "env": { "AWS__Resources__orders__TableName": "{orders.outputs.tableName}" } },
          "frontend": { "type": "project.v0", "path": "F/F.csproj", "env": { {{frontendEnv}} } } } }
        """;

    private static TableAccess GrantOf(CloudModel model, string service) =>
        Assert.Single(model.Services.Single(s => s.Name == service).TableGrants).Access;

    [Fact]
    public void AnAccessEntryBecomesExactlyThatServicesGrant()
    {
        // Arrange
        var json = Manifest(""", "access": [ { "resource": "frontend", "operations": [ "get", "query", "scan" ] } ]""");

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        Assert.Equal(TableAccess.Get | TableAccess.Query | TableAccess.Scan, GrantOf(model, "frontend"));
        Assert.Equal(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"], TableOperations.Actions(GrantOf(model, "frontend")));
    }

    [Fact]
    public void AReferenceWithoutAnAccessEntryGetsSingleItemReadAndWriteButNeitherScanNorBatchWrite()
    {
        // Arrange
        var json = Manifest(""", "access": [ { "resource": "frontend", "operations": [ "put" ] } ]""");

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        var actions = TableOperations.Actions(GrantOf(model, "backend")).ToList();
        Assert.Equal(TableAccess.ReadWrite, GrantOf(model, "backend"));
        Assert.Equal(
            ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
            actions);
    }

    [Fact]
    public void TheCheckedInManifestGivesTheBackendReadWriteAndTheFrontendOnlyPutAndScanOnItsKeyRing()
    {
        // Arrange
        var json = File.ReadAllText(TestPaths.CheckedInManifest);

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(json));

        // Assert
        Assert.Equal([new TableGrant("identities", TableAccess.ReadWrite)], model.Services.Single(s => s.Name == "backend").TableGrants);
        Assert.Equal([new TableGrant("keyring", TableAccess.Put | TableAccess.Scan)], model.Services.Single(s => s.Name == "frontend").TableGrants);
    }

    [Theory]
    [InlineData("""[ { "resource": "frontend", "operations": [ "get", "deleteTable" ] } ]""", "Resource 'orders.access[0]': operation 'deleteTable' is not one the publisher grants")]
    [InlineData("""[ { "resource": "frontend", "operations": [] } ]""", "Resource 'orders.access[0]': the access of 'frontend' names no operation")]
    [InlineData("""[ { "resource": "frontend", "operations": [ "get" ] }, { "resource": "frontend", "operations": [ "put" ] } ]""", "'frontend' has a second access entry")]
    [InlineData("""[ { "resource": "worker", "operations": [ "get" ] } ]""", "Resource 'orders': its access names 'worker', which is not a service of the manifest")]
    [InlineData("""{ "frontend": [ "get" ] }""", "Resource 'orders': \"access\" must be a")]
    public void AMalformedAccessEntryIsAnErrorNamingTheTable(string access, string message)
    {
        // Arrange
        var json = Manifest($", \"access\": {access}");

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccessEntryForAServiceThatDoesNotHoldTheTablesNameIsRefused()
    {
        // Arrange
        var json = Manifest(""", "access": [ { "resource": "frontend", "operations": [ "get" ] } ]""", frontendEnv: string.Empty);

        // Act
        var error = Assert.Throws<DeployException>(() => PlaceholderResolver.Resolve(ManifestReader.Read(json)));

        // Assert
        Assert.Equal(
            "Resource 'orders': its access names 'frontend', whose environment holds no {orders.outputs.tableName}; a grant without the table's name is refused.",
            error.Message);
    }
}
