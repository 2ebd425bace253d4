using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>A key attribute: its name and scalar type (S, N or B).</summary>
public sealed record DynamoDBKey(string Name, string Type = "S");

/// <summary>A global secondary index; it projects all attributes.</summary>
public sealed record DynamoDBGlobalSecondaryIndex(string Name, DynamoDBKey PartitionKey, DynamoDBKey? SortKey);

/// <summary>
/// The shape of a table: keys, global secondary indexes and time-to-live attribute. The same object creates
/// the table in DynamoDB Local and is written to the manifest for the cloud, so the two cannot drift apart.
/// </summary>
public sealed class DynamoDBTableDefinition
{
    private readonly List<DynamoDBGlobalSecondaryIndex> _indexes = [];

    public DynamoDBKey? PartitionKey { get; private set; }

    public DynamoDBKey? SortKey { get; private set; }

    public IReadOnlyList<DynamoDBGlobalSecondaryIndex> GlobalSecondaryIndexes => _indexes;

    public string? TimeToLiveAttribute { get; private set; }

    public DynamoDBTableDefinition WithPartitionKey(string name, string type = "S")
    {
        PartitionKey = new DynamoDBKey(name, type);
        return this;
    }

    public DynamoDBTableDefinition WithSortKey(string name, string type = "S")
    {
        SortKey = new DynamoDBKey(name, type);
        return this;
    }

    public DynamoDBTableDefinition WithGlobalSecondaryIndex(string name, string partitionKey, string? sortKey = null)
    {
        _indexes.Add(new DynamoDBGlobalSecondaryIndex(
            name, new DynamoDBKey(partitionKey), sortKey is null ? null : new DynamoDBKey(sortKey)));
        return this;
    }

    public DynamoDBTableDefinition WithTimeToLive(string attributeName)
    {
        TimeToLiveAttribute = attributeName;
        return this;
    }

    internal void Validate(string tableName)
    {
        if (PartitionKey is null)
        {
            throw new InvalidOperationException($"DynamoDB table '{tableName}' needs a partition key: call WithPartitionKey.");
        }

        // DynamoDB's own limit; DynamoDB Local enforces it too, but only when the table is created.
        if (tableName.Length is < 3 or > 255)
        {
            throw new InvalidOperationException($"DynamoDB table name '{tableName}' must be 3 to 255 characters long.");
        }

        var keys = AllKeys().GroupBy(k => k.Name).Where(g => g.Select(k => k.Type).Distinct().Count() > 1);
        foreach (var conflict in keys)
        {
            throw new InvalidOperationException($"DynamoDB table '{tableName}' uses attribute '{conflict.Key}' with two types.");
        }
    }

    /// <summary>The request that creates this table on demand-billing.</summary>
    public CreateTableRequest ToCreateTableRequest(string physicalName) => new()
    {
        TableName = physicalName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = KeySchema(PartitionKey!, SortKey),
        AttributeDefinitions = [.. AllKeys().DistinctBy(k => k.Name)
            .Select(k => new AttributeDefinition(k.Name, new ScalarAttributeType(k.Type)))],
        GlobalSecondaryIndexes = _indexes.Count == 0 ? null : [.. _indexes.Select(index => new GlobalSecondaryIndex
        {
            IndexName = index.Name,
            KeySchema = KeySchema(index.PartitionKey, index.SortKey),
            Projection = new Projection { ProjectionType = ProjectionType.ALL },
        })],
    };

    internal void WriteManifest(Utf8JsonWriter writer)
    {
        WriteKey(writer, "partitionKey", PartitionKey!);
        if (SortKey is not null)
        {
            WriteKey(writer, "sortKey", SortKey);
        }

        if (_indexes.Count > 0)
        {
            writer.WriteStartArray("globalSecondaryIndexes");
            foreach (var index in _indexes)
            {
                writer.WriteStartObject();
                writer.WriteString("name", index.Name);
                WriteKey(writer, "partitionKey", index.PartitionKey);
                if (index.SortKey is not null)
                {
                    WriteKey(writer, "sortKey", index.SortKey);
                }

                writer.WriteString("projection", "ALL");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (TimeToLiveAttribute is not null)
        {
            writer.WriteString("timeToLiveAttribute", TimeToLiveAttribute);
        }

        writer.WriteString("billingMode", "PAY_PER_REQUEST");
    }

    private IEnumerable<DynamoDBKey> AllKeys() =>
        new[] { PartitionKey, SortKey }
            .Concat(_indexes.SelectMany(i => new[] { i.PartitionKey, i.SortKey }))
            .OfType<DynamoDBKey>();

    private static List<KeySchemaElement> KeySchema(DynamoDBKey partitionKey, DynamoDBKey? sortKey) =>
        sortKey is null
            ? [new KeySchemaElement(partitionKey.Name, KeyType.HASH)]
            : [new KeySchemaElement(partitionKey.Name, KeyType.HASH), new KeySchemaElement(sortKey.Name, KeyType.RANGE)];

    private static void WriteKey(Utf8JsonWriter writer, string property, DynamoDBKey key)
    {
        writer.WriteStartObject(property);
        writer.WriteString("name", key.Name);
        writer.WriteString("type", key.Type);
        writer.WriteEndObject();
    }
}
