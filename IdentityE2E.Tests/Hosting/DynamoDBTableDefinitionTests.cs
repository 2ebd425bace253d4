using Amazon.DynamoDBv2;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace IdentityE2E.Tests.Hosting;

public sealed class DynamoDBTableDefinitionTests
{
    // A builder in publish mode: the model is only built, nothing is started.
    private static readonly string[] Publishing = ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "unused-manifest.json")];

    [Fact]
    public void TheCreateRequestCarriesKeysIndexesAndOnDemandBilling()
    {
        // Arrange
        var definition = new DynamoDBTableDefinition()
            .WithPartitionKey("pk")
            .WithSortKey("sk", "N")
            .WithGlobalSecondaryIndex("by-status", "status", "created");

        // Act
        var request = definition.ToCreateTableRequest("orders");

        // Assert
        Assert.Equal("orders", request.TableName);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
        Assert.Equal(["pk:HASH", "sk:RANGE"], request.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}"));
        Assert.Equal(["created:S", "pk:S", "sk:N", "status:S"],
            request.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType}").Order());
        var index = Assert.Single(request.GlobalSecondaryIndexes);
        Assert.Equal(("by-status", ProjectionType.ALL), (index.IndexName, index.Projection.ProjectionType));
    }

    [Theory]
    [InlineData("ab", "3 to 255 characters")]
    [InlineData("orders", "partition key")]
    public void AnInvalidTableIsRefusedWhenTheModelIsBuilt(string name, string reason)
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var dynamodb = builder.AddDynamoDB("dynamodb");

        // Act
        var exception = Record.Exception(() => dynamodb.AddTable(name, table =>
        {
            if (reason != "partition key")
            {
                table.WithPartitionKey("pk");
            }
        }));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneAttributeWithTwoTypesIsRefused()
    {
        // Arrange
        var builder = DistributedApplication.CreateBuilder(Publishing);
        var dynamodb = builder.AddDynamoDB("dynamodb");

        // Act
        var exception = Record.Exception(() => dynamodb.AddTable("orders", table => table
            .WithPartitionKey("pk")
            .WithSortKey("created", "N")
            .WithGlobalSecondaryIndex("by-created", "pk", "created")));

        // Assert
        Assert.Contains("'created' with two types", exception?.Message, StringComparison.Ordinal);
    }
}
