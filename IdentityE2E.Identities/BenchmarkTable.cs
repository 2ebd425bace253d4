using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Identities;

/// <summary>
/// A throw-away identities table for a benchmark against a bare DynamoDB Local (load/migrate-benchmark.sh and
/// bench/run.sh). Its keys and indexes copy the AppHost's identities table, because index upkeep is part of a
/// write's cost.
/// </summary>
internal static class BenchmarkTable
{
    public static async Task<string> CreateAsync(IAmazonDynamoDB dynamoDB, CancellationToken cancellationToken, string? name = null)
    {
        name ??= $"identities-benchmark-{Guid.NewGuid():N}";
        static GlobalSecondaryIndex Index(string name, string partition, string sort) => new()
        {
            IndexName = name,
            KeySchema = [new(partition, KeyType.HASH), new(sort, KeyType.RANGE)],
            Projection = new() { ProjectionType = ProjectionType.ALL },
        };
        await dynamoDB.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new("pk", ScalarAttributeType.S), new("entity", ScalarAttributeType.S), new("status", ScalarAttributeType.S),
                new("created", ScalarAttributeType.S), new("historyOf", ScalarAttributeType.S), new("changedAt", ScalarAttributeType.S),
            ],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                Index("by-created", "entity", "created"),
                Index("by-status", "status", "created"),
                Index("history", "historyOf", "changedAt"),
            ],
        }, cancellationToken);
        return name;
    }
}
