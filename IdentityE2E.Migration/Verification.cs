using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>
/// Proof that the table holds what the source said: the accepted rows' canonical values, and the items
/// read back by key, each as a count and a SHA-256 over the sorted canonical lines. Reservations are
/// counted too, as an identity whose email is not reserved would let a duplicate in.
/// </summary>
internal sealed record VerificationReport(
    int SourceCount, string SourceChecksum, int TableCount, string TableChecksum, int ReservedCount)
{
    public bool Matches => SourceCount == TableCount && SourceChecksum == TableChecksum && ReservedCount == SourceCount;

    public static async Task<VerificationReport> CreateAsync(
        IAmazonDynamoDB dynamoDB, string tableName, IReadOnlyCollection<ImportRow> accepted, CancellationToken cancellationToken)
    {
        var source = accepted.Select(row => ImportRow.Canonical(row.Item)).ToList();
        var table = new List<string>();
        var reserved = 0;
        // BatchGetItem reads at most 100 keys; each row needs two (identity and reservation).
        foreach (var chunk in accepted.Chunk(50))
        {
            var byPk = await ReadAsync(dynamoDB, tableName,
                [.. chunk.SelectMany(row => new[] { row.Item.Pk, IdentityItem.EmailPkOf(row.Item.EmailKey) })], cancellationToken);
            foreach (var row in chunk)
            {
                if (byPk.TryGetValue(row.Item.Pk, out var item))
                {
                    table.Add(ImportRow.Canonical(IdentityItem.FromAttributes(item)));
                }

                if (byPk.TryGetValue(IdentityItem.EmailPkOf(row.Item.EmailKey), out var reservation)
                    && reservation["identityId"].S == row.Item.Id)
                {
                    reserved++;
                }
            }
        }

        return new(source.Count, Checksum(source), table.Count, Checksum(table), reserved);
    }

    public void WriteTo(TextWriter output)
    {
        output.WriteLine("verification:");
        output.WriteLine($"  source rows accepted: {SourceCount}  sha256 {SourceChecksum}");
        output.WriteLine($"  table items found:    {TableCount}  sha256 {TableChecksum}");
        output.WriteLine($"  emails reserved:      {ReservedCount}");
        output.WriteLine($"  {(Matches ? "MATCH" : "MISMATCH")}");
    }

    public static string Checksum(IEnumerable<string> lines)
    {
        var sorted = lines.Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sorted))));
    }

    private static async Task<Dictionary<string, Dictionary<string, AttributeValue>>> ReadAsync(
        IAmazonDynamoDB dynamoDB, string tableName, List<string> pks, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>(StringComparer.Ordinal);
        var keys = pks.Distinct(StringComparer.Ordinal).Select(pk => new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } }).ToList();
        while (keys.Count > 0)
        {
            var response = await Backoff.RetryAsync(() => dynamoDB.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new() { [tableName] = new KeysAndAttributes { Keys = keys, ConsistentRead = true } },
            }, cancellationToken), cancellationToken);
            foreach (var item in response.Responses?.GetValueOrDefault(tableName) ?? [])
            {
                found[item["pk"].S] = item;
            }

            // Unprocessed keys are DynamoDB's way of throttling a batch; they are asked for again.
            keys = response.UnprocessedKeys?.GetValueOrDefault(tableName)?.Keys ?? [];
            if (keys.Count > 0)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return found;
    }
}
