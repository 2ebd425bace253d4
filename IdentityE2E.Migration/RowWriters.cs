using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>
/// Where accepted rows go. The dry run is a writer of its own, not an <c>if</c> in the runner, so both
/// modes share reading, validation, duplicates, progress and report.
/// </summary>
internal interface IRowWriter
{
    Task<RowResult> WriteAsync(ImportRow row, CancellationToken cancellationToken);
}

/// <summary>Writes each row with the library's create transaction; a failed condition is explained by reading what is there.</summary>
internal sealed class TableWriter(IAmazonDynamoDB dynamoDB, string tableName) : IRowWriter
{
    private readonly TableState _state = new(dynamoDB, tableName);

    public async Task<RowResult> WriteAsync(ImportRow row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var written = await Backoff.RetryAsync(async () =>
            {
                try
                {
                    await dynamoDB.TransactWriteItemsAsync(
                        new TransactWriteItemsRequest { TransactItems = IdentityCreation.Writes(tableName, row.Item) }, cancellationToken);
                    return true;
                }
                catch (TransactionCanceledException exception)
                    when (exception.CancellationReasons?.Any(reason => reason.Code == "ConditionalCheckFailed") == true)
                {
                    return false;
                }
            }, cancellationToken);

            if (written)
            {
                return RowResult.Written;
            }

            // A condition failed: the identity exists (an earlier run) or its email is someone else's.
            // If neither shows on reading, the obstacle went away in between; try once more.
            var explained = await _state.ExplainAsync(row, cancellationToken);
            if (explained is not null || attempt >= 3)
            {
                return explained ?? RowResult.Rejected("the create transaction kept failing its conditions");
            }
        }
    }
}

/// <summary>Writes nothing: reads what the table holds and says what the real run would do with the row.</summary>
internal sealed class DryRunWriter(IAmazonDynamoDB dynamoDB, string tableName) : IRowWriter
{
    private readonly TableState _state = new(dynamoDB, tableName);

    public async Task<RowResult> WriteAsync(ImportRow row, CancellationToken cancellationToken) =>
        await _state.ExplainAsync(row, cancellationToken) ?? RowResult.Written;
}

/// <summary>Reads a row's identity and email reservation to tell a re-run (skip) from a conflict (reject).</summary>
internal sealed class TableState(IAmazonDynamoDB dynamoDB, string tableName)
{
    /// <summary>Null when nothing in the table stands in the row's way.</summary>
    public async Task<RowResult?> ExplainAsync(ImportRow row, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(row.Item.Pk, cancellationToken);
        if (existing is not null)
        {
            return ImportRow.Canonical(IdentityItem.FromAttributes(existing)) == ImportRow.Canonical(row.Item)
                ? RowResult.Skipped
                : RowResult.Rejected($"identity {row.Item.Id} was already imported with different content");
        }

        var reservation = await GetAsync(IdentityItem.EmailPkOf(row.Item.EmailKey), cancellationToken);
        return reservation is not null && reservation.TryGetValue("identityId", out var owner) && owner.S != row.Item.Id
            ? RowResult.Rejected($"email is already reserved by identity {owner.S}")
            : null;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, CancellationToken cancellationToken)
    {
        var response = await Backoff.RetryAsync(() => dynamoDB.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new() { ["pk"] = new() { S = pk } },
            ConsistentRead = true,
        }, cancellationToken), cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
