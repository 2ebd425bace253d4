using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>
/// Writes every identity as JSON Lines in the import's own format (the API's field names plus id and
/// status), so an export imported elsewhere gives the same identities under the same ids.
/// </summary>
internal sealed class ExportRunner(IAmazonDynamoDB dynamoDB, string tableName, string path, TextWriter output)
{
    // The by-created index holds every identity and nothing else (history and reservations have no
    // "entity"), so a query on it reads identities alone, where a scan would read the whole table.
    private const string ByCreatedIndex = "by-created";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var response = await Backoff.RetryAsync(() => dynamoDB.QueryAsync(new QueryRequest
                {
                    TableName = tableName,
                    IndexName = ByCreatedIndex,
                    KeyConditionExpression = "entity = :entity",
                    ExpressionAttributeValues = new() { [":entity"] = new() { S = IdentityItem.EntityValue } },
                    ExclusiveStartKey = start,
                }, cancellationToken), cancellationToken);
                foreach (var attributes in response.Items ?? [])
                {
                    var item = IdentityItem.FromAttributes(attributes);
                    await writer.WriteLineAsync(ToJson(item).AsMemory(), cancellationToken);
                    lines.Add(ImportRow.Canonical(item));
                }

                start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
        }

        output.WriteLine($"export done: {lines.Count} identities to {path}");
        output.WriteLine($"  sha256 {VerificationReport.Checksum(lines)} (the import's source checksum of this file)");
        return lines.Count;
    }

    private static string ToJson(IdentityItem item)
    {
        var values = new Dictionary<string, string?>
        {
            [Fields.Id] = item.Id,
            [Fields.GivenName] = item.GivenName,
            [Fields.FamilyName] = item.FamilyName,
            [Fields.Email] = item.Email,
            [Fields.DateOfBirth] = item.DateOfBirth is { } date ? IdentityItem.FormatDate(date) : null,
            [Fields.Status] = item.Status,
        };
        return JsonSerializer.Serialize(values);
    }
}
