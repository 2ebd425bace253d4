using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>Every item of a table, every attribute, as sorted text: two snapshots are equal exactly when the stored data is.</summary>
public static class TableSnapshot
{
    /// <summary>Scans the whole table with consistent reads, page by page.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(
        IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(
                new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = start }, cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    /// <summary>One line per item, sorted by pk; attributes in name order with their DynamoDB type.</summary>
    public static async Task<IReadOnlyList<string>> TakeAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = await ScanAllAsync(client, tableName, cancellationToken);
        return [.. items.Select(Describe).Order(StringComparer.Ordinal)];
    }

    private static string Describe(Dictionary<string, AttributeValue> item) =>
        string.Join(" | ", item.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={Describe(pair.Value)}"));

    private static string Describe(AttributeValue value) => value switch
    {
        { S: { } s } => $"S:{s}",
        { N: { } n } => $"N:{n}",
        { BOOL: { } b } => $"BOOL:{b}",
        { NULL: true } => "NULL",
        { SS: { Count: > 0 } ss } => $"SS:[{string.Join(",", ss.Order(StringComparer.Ordinal))}]",
        { NS: { Count: > 0 } ns } => $"NS:[{string.Join(",", ns.Order(StringComparer.Ordinal))}]",
        { L: { Count: > 0 } l } => $"L:[{string.Join(",", l.Select(Describe))}]",
        { M: { Count: > 0 } m } => $"M:{{{string.Join(",", m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Describe(p.Value)}"))}}}",
        { B: { } b } => $"B:{Convert.ToBase64String(b.ToArray())}",
        _ => "EMPTY",
    };
}
