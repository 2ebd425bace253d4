using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace IdentityE2E.Tests.Hosting;

/// <summary>How a table reference's access reaches the manifest: with the table, per referencing resource.</summary>
public sealed class TableAccessManifestTests
{
    // A builder in publish mode: the model is only built, nothing is started.
    private static readonly string[] Publishing = ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "unused-manifest.json")];

    /// <summary>The table's manifest entry, written as the manifest publisher writes it.</summary>
    private static async Task<JsonNode> ManifestEntryOfAsync(IDistributedApplicationBuilder builder, DynamoDBTableResource table)
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream))
        {
            var context = new ManifestPublishingContext(builder.ExecutionContext, Publishing[3], writer, TestContext.Current.CancellationToken);
            writer.WriteStartObject();
            await table.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Last().Callback!(context);
            writer.WriteEndObject();
        }

        return JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    private static Dictionary<string, string[]> AccessOf(JsonNode entry) =>
        (entry["access"]?.AsArray() ?? []).ToDictionary(
            user => user!["resource"]!.GetValue<string>(),
            user => user!["operations"]!.AsArray().Select(o => o!.GetValue<string>()).ToArray());

    [Fact]
    public async Task AReferenceWithoutAnAccessLevelDeclaresSingleItemReadAndWrite()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var orders = builder.AddDynamoDB("dynamodb").AddTable("orders", table => table.WithPartitionKey("pk"));
        builder.AddContainer("api", "api-image").WithReference(orders);

        // Act
        var access = AccessOf(await ManifestEntryOfAsync(builder, orders.Resource));

        // Assert
        Assert.Equal(["get", "query", "conditionCheck", "describe", "put", "update", "delete"], access["api"]);
    }

    [Fact]
    public async Task TheReferencesOfOneServiceAddUpAndEachServiceKeepsItsOwn()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var orders = builder.AddDynamoDB("dynamodb").AddTable("orders", table => table.WithPartitionKey("pk"));
        builder.AddContainer("reports", "reports-image").WithReference(orders, TableAccess.Query).WithReference(orders, TableAccess.Scan);
        builder.AddContainer("importer", "importer-image").WithReference(orders, TableAccess.Put | TableAccess.BatchWrite);

        // Act
        var access = AccessOf(await ManifestEntryOfAsync(builder, orders.Resource));

        // Assert
        Assert.Equal(["query", "scan"], access["reports"]);
        Assert.Equal(["put", "batchWrite"], access["importer"]);
    }

    [Fact]
    public async Task AResourceLeftOutOfTheManifestIsLeftOutOfTheTablesAccess()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var orders = builder.AddDynamoDB("dynamodb").AddTable("orders", table => table.WithPartitionKey("pk"));
        builder.AddContainer("tool", "tool-image").WithReference(orders, TableAccess.Read).ExcludeFromManifest();

        // Act
        var entry = await ManifestEntryOfAsync(builder, orders.Resource);

        // Assert
        Assert.Null(entry["access"]);
    }

    [Fact]
    public void AReferenceThatNamesNoOperationIsRefusedWhenTheModelIsBuilt()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var orders = builder.AddDynamoDB("dynamodb").AddTable("orders", table => table.WithPartitionKey("pk"));
        var api = builder.AddContainer("api", "api-image");

        // Act
        var exception = Record.Exception(() => api.WithReference(orders, TableAccess.None));

        // Assert
        Assert.IsType<ArgumentOutOfRangeException>(exception);
        Assert.Contains("'api' references table 'orders' with no known operation", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADataProtectionKeyRingDeclaresOnlyPutAndScan()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var keyring = builder.AddDynamoDB("dynamodb").AddTable("keyring", table => table.WithPartitionKey("pk"));
        builder.AddContainer("web", "web-image").WithDataProtectionKeyRing(keyring);

        // Act
        var access = AccessOf(await ManifestEntryOfAsync(builder, keyring.Resource));

        // Assert: what DynamoDBXmlRepository calls (PutItem to store a key, Scan to read them all).
        Assert.Equal(["put", "scan"], access["web"]);
    }
}
