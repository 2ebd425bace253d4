using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Identities;

internal enum WriteOutcome
{
    Done,
    NotFound,
    PreconditionFailed,
    EmailTaken,
}

internal sealed record WriteResult(WriteOutcome Outcome, IdentityItem? Item = null);

/// <summary>All DynamoDB access for identities. Email uniqueness is enforced by DynamoDB itself, in transactions.</summary>
internal sealed partial class IdentityStore(
    IAmazonDynamoDB dynamoDB,
    IOptions<IdentitiesTableOptions> options,
    TimeProvider time,
    ILogger<IdentityStore> logger)
{
    private const string ByCreatedIndex = "by-created";
    private const string ByStatusIndex = "by-status";
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";

    // The SDK bounds each attempt (see Extensions); this bounds all attempts and backoffs together so
    // a request never waits on DynamoDB longer than this.
    private static readonly TimeSpan OperationBudget = TimeSpan.FromSeconds(10);

    // Without If-Match a write may race another one that changed the version between our read and
    // our transaction; it then reads again instead of failing a precondition the client never set.
    private const int UnconditionalAttempts = 3;

    private string TableName => options.Value.TableName;

    public async Task<IdentityItem?> FindAsync(string id, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        return await ReadAsync(id, budget.Token);
    }

    public async Task<(IReadOnlyList<IdentityItem> Items, PageCursor? Next)> ListAsync(
        string? status, int limit, PageCursor? after, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        var request = new QueryRequest
        {
            TableName = TableName,
            IndexName = status is null ? ByCreatedIndex : ByStatusIndex,
            KeyConditionExpression = "#key = :key",
            ExpressionAttributeNames = new() { ["#key"] = status is null ? "entity" : "status" },
            ExpressionAttributeValues = new() { [":key"] = new() { S = status ?? IdentityItem.EntityValue } },
            ScanIndexForward = false,
            Limit = limit,
        };
        if (after is not null)
        {
            request.ExclusiveStartKey = new()
            {
                ["pk"] = new() { S = IdentityItem.PkOf(after.Id) },
                ["created"] = new() { S = after.Created },
                [status is null ? "entity" : "status"] = new() { S = status ?? IdentityItem.EntityValue },
            };
        }

        var response = await dynamoDB.QueryAsync(request, budget.Token);
        var items = (response.Items ?? []).Select(IdentityItem.FromAttributes).ToList();
        var next = response.LastEvaluatedKey is { Count: > 0 } last
            ? new PageCursor(status, last["created"].S, last["pk"].S["identity#".Length..])
            : null;
        return (items, next);
    }

    public async Task<WriteResult> CreateAsync(IdentityFields fields, string actor, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        var item = IdentityItem.New(Guid.CreateVersion7().ToString("N"), fields, Now(), actor);
        var reasons = await TryTransactAsync(IdentityCreation.Writes(TableName, item), budget.Token);

        if (reasons is null)
        {
            LogWritten(item.Id, HistoryAction.Created, item.Version, actor);
            return new(WriteOutcome.Done, item);
        }

        if (Failed(reasons, IdentityCreation.EmailReservationIndex))
        {
            return new(WriteOutcome.EmailTaken);
        }

        throw new InvalidOperationException($"Creating identity {item.Id} was cancelled: {Describe(reasons)}");
    }

    public Task<WriteResult> UpdateAsync(
        string id, long? expectedVersion, IdentityFields fields, string actor, CancellationToken cancellationToken) =>
        WriteConditionallyAsync(id, expectedVersion, current =>
        {
            var after = current.With(fields, Now(), actor);
            return new(after, HistoryItem.Updated(current, after));
        }, cancellationToken);

    /// <summary>
    /// Changes the status alone. The version condition makes writing back the item read equal to
    /// setting only the status: nothing else can have changed, and nothing else is validated.
    /// </summary>
    public Task<WriteResult> ChangeStatusAsync(
        string id, long? expectedVersion, string status, string actor, CancellationToken cancellationToken) =>
        WriteConditionallyAsync(id, expectedVersion, current =>
        {
            var after = current.WithStatus(status, Now(), actor);
            return new(after, HistoryItem.StatusChanged(current, after));
        }, cancellationToken);

    public async Task<WriteOutcome> DeleteAsync(string id, long? expectedVersion, string actor, CancellationToken cancellationToken) =>
        (await WriteConditionallyAsync(
            id, expectedVersion, current => new(After: null, HistoryItem.Deleted(current, actor, Now())), cancellationToken)).Outcome;

    /// <summary>The changes of an identity, oldest first; empty when it never existed. Kept after a delete.</summary>
    /// <remarks>GSI reads are eventually consistent: a change made a moment ago may not be listed yet.</remarks>
    public async Task<IReadOnlyList<HistoryItem>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        var entries = new List<HistoryItem>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDB.QueryAsync(new QueryRequest
            {
                TableName = TableName,
                IndexName = HistoryItem.IndexName,
                KeyConditionExpression = "historyOf = :id",
                ExpressionAttributeValues = new() { [":id"] = new() { S = id } },
                ScanIndexForward = true,
                ExclusiveStartKey = start,
            }, budget.Token);
            entries.AddRange((response.Items ?? []).Select(HistoryItem.FromAttributes));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return entries;
    }

    /// <summary>
    /// The one read-check-transact loop of every change to an existing identity: reads it, checks the
    /// client's version, lets <paramref name="change"/> say what becomes of it, and writes that in one
    /// transaction guarded by the version it read, moving the email reservation along.
    /// </summary>
    private async Task<WriteResult> WriteConditionallyAsync(
        string id, long? expectedVersion, Func<IdentityItem, Change> change, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(id, budget.Token);
            if (current is null)
            {
                return new(WriteOutcome.NotFound);
            }

            if (expectedVersion is { } expected && expected != current.Version)
            {
                return new(WriteOutcome.PreconditionFailed);
            }

            var (after, history) = change(current);
            var guard = new Dictionary<string, AttributeValue> { [":version"] = Number(current.Version) };
            List<TransactWriteItem> writes =
            [
                after is null
                    ? new() { Delete = new() { TableName = TableName, Key = KeyOf(current.Pk), ConditionExpression = "version = :version", ExpressionAttributeValues = guard } }
                    : new() { Put = new() { TableName = TableName, Item = after.ToAttributes(), ConditionExpression = "version = :version", ExpressionAttributeValues = guard } },
                // In the same transaction, so there is no change without its history and no history without its change.
                new() { Put = RecordHistory(history) },
            ];
            // The email's reservation follows the identity: released when it goes or changes email,
            // taken anew (last, so a failure there means "taken") when it changes email.
            var emailMoves = after?.EmailKey != current.EmailKey;
            var reserves = emailMoves && after is not null;
            if (emailMoves)
            {
                writes.Add(new() { Delete = ReleaseEmail(current) });
            }

            if (reserves)
            {
                writes.Add(new() { Put = ReserveEmail(after!) });
            }

            var reasons = await TryTransactAsync(writes, budget.Token);
            if (reasons is null)
            {
                LogWritten(id, history.Action, history.Version, history.By);
                return new(WriteOutcome.Done, after);
            }

            // The history item of a version can only exist if someone else wrote that version.
            if (Failed(reasons, 0) || Failed(reasons, 1))
            {
                if (expectedVersion is null && attempt < UnconditionalAttempts)
                {
                    continue;
                }

                return new(await ReadAsync(id, budget.Token) is null ? WriteOutcome.NotFound : WriteOutcome.PreconditionFailed);
            }

            if (reserves && Failed(reasons, writes.Count - 1))
            {
                return new(WriteOutcome.EmailTaken);
            }

            throw new InvalidOperationException($"Changing identity {id} was cancelled: {Describe(reasons)}");
        }
    }

    /// <summary>What a change makes of the identity it read: its next state (null when it is deleted) and its history entry.</summary>
    private sealed record Change(IdentityItem? After, HistoryItem History);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private async Task<IdentityItem?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var response = await dynamoDB.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = KeyOf(IdentityItem.PkOf(id)), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? IdentityItem.FromAttributes(item) : null;
    }

    /// <summary>Runs the writes as one transaction; returns the cancellation reasons when a condition failed, else null.</summary>
    private const int ConflictAttempts = 3;

    private async Task<List<CancellationReason>?> TryTransactAsync(List<TransactWriteItem> writes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await dynamoDB.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
                return null;
            }
            catch (TransactionCanceledException exception)
                when (exception.CancellationReasons?.Any(reason => reason.Code == ConditionalCheckFailed) == true)
            {
                // Reasons come back in the order of the writes, so the index says whose condition failed.
                return exception.CancellationReasons;
            }
            catch (TransactionCanceledException exception)
                when (attempt < ConflictAttempts && exception.CancellationReasons?.Any(reason => reason.Code == "TransactionConflict") == true)
            {
                // DynamoDB (not DynamoDB Local) cancels a transaction that races another on the same item.
                // A short jittered retry lets the conditions decide, so the loser still hears 412 or 409
                // instead of 503; the conditions keep the retry safe.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 80) * attempt), cancellationToken);
            }
        }
    }

    private Put RecordHistory(HistoryItem history) => IdentityCreation.RecordHistory(TableName, history);

    private Put ReserveEmail(IdentityItem item) => IdentityCreation.ReserveEmail(TableName, item);

    // A missing reservation is tolerated so that a damaged item can still be fixed or removed;
    // someone else's never is.
    private Delete ReleaseEmail(IdentityItem item) => new()
    {
        TableName = TableName,
        Key = KeyOf(IdentityItem.EmailPkOf(item.EmailKey)),
        ConditionExpression = "attribute_not_exists(pk) OR identityId = :id",
        ExpressionAttributeValues = new() { [":id"] = new() { S = item.Id } },
    };

    private static Dictionary<string, AttributeValue> KeyOf(string pk) => new() { ["pk"] = new() { S = pk } };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static bool Failed(List<CancellationReason> reasons, int index) =>
        index < reasons.Count && reasons[index].Code == ConditionalCheckFailed;

    private static string Describe(List<CancellationReason> reasons) =>
        string.Join(", ", reasons.Select(reason => reason.Code ?? "None"));

    private static CancellationTokenSource Budget(CancellationToken cancellationToken)
    {
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(OperationBudget);
        return budget;
    }

    // Ids only: the subject is an opaque id, never a name or an email.
    [LoggerMessage(Level = LogLevel.Information, Message = "Identity {IdentityId} {Action} at version {Version} by {SubjectId}")]
    private partial void LogWritten(string identityId, string action, long version, string subjectId);
}
