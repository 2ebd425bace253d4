using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Adds a dashboard command that empties a table in DynamoDB Local.</summary>
public static class DynamoDBTableResetCommand
{
    /// <summary>The command's name, for <c>ResourceCommandService.ExecuteCommandAsync</c>.</summary>
    public const string Name = "reset-data";

    // BatchWriteItem takes at most 25 requests.
    private const int BatchSize = 25;

    /// <summary>
    /// Offers "Reset data" on the dashboard: after a confirmation it deletes every item of the table. Only where the
    /// table lives in DynamoDB Local: the command is hidden (and refuses to run) when DynamoDB is not an emulator, so it
    /// can never reach a real table. Decided when the command is shown, so the order of calls does not matter.
    /// </summary>
    public static IResourceBuilder<DynamoDBTableResource> WithResetDataCommand(this IResourceBuilder<DynamoDBTableResource> table)
    {
        if (!table.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return table;
        }

        var resource = table.Resource;
        return table.WithCommand(Name, "Reset data", context => ResetAsync(resource, context), new CommandOptions
        {
            Description = "Deletes every item of this table in DynamoDB Local.",
            ConfirmationMessage = $"Delete every item of the table '{resource.Name}' in DynamoDB Local? This cannot be undone.",
            IconName = "Delete",
            IconVariant = IconVariant.Regular,
            UpdateState = state => resource.Parent.EmulatorEndpoint is null
                ? ResourceCommandState.Hidden
                : state.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }

    private static async Task<ExecuteCommandResult> ResetAsync(DynamoDBTableResource table, ExecuteCommandContext context)
    {
        if (table.Parent.EmulatorEndpoint is not { } endpoint)
        {
            return CommandResults.Failure($"'{table.Name}' is not in DynamoDB Local; Reset data never touches a real table.");
        }

        using var client = DynamoDBTableProvisioner.CreateLocalClient(endpoint.Url);
        var deleted = await DeleteAllAsync(client, table.PhysicalName, context.CancellationToken);
        context.Logger.LogInformation("Reset data: deleted {Count} items from {Table}", deleted, table.PhysicalName);
        return CommandResults.Success($"Deleted {deleted} items from '{table.Name}'.");
    }

    /// <summary>Scans the keys page by page and deletes them in batches, retrying what DynamoDB leaves unprocessed.</summary>
    internal static async Task<long> DeleteAllAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var description = await client.DescribeTableAsync(tableName, cancellationToken);
        var keys = description.Table.KeySchema.Select(key => key.AttributeName).ToList();
        var names = keys.Select((key, i) => (Alias: $"#k{i}", key)).ToDictionary(pair => pair.Alias, pair => pair.key);
        long deleted = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                ProjectionExpression = string.Join(", ", names.Keys),
                ExpressionAttributeNames = names,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var chunk in (page.Items ?? []).Chunk(BatchSize))
            {
                var pending = new Dictionary<string, List<WriteRequest>>
                {
                    [tableName] = [.. chunk.Select(item => new WriteRequest(new DeleteRequest(item)))],
                };
                while (pending.Count > 0 && pending.Values.Sum(requests => requests.Count) > 0)
                {
                    var response = await client.BatchWriteItemAsync(pending, cancellationToken);
                    pending = response.UnprocessedItems ?? [];
                }

                deleted += chunk.Length;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return deleted;
    }
}
