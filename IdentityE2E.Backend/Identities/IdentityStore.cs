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

    public async Task<WriteResult> CreateAsync(IdentityFields fields, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        var item = IdentityItem.New(Guid.CreateVersion7().ToString("N"), fields, Now());
        var reasons = await TryTransactAsync(
        [
            new() { Put = new() { TableName = TableName, Item = item.ToAttributes(), ConditionExpression = "attribute_not_exists(pk)" } },
            new() { Put = ReserveEmail(item) },
        ], budget.Token);

        if (reasons is null)
        {
            LogCreated(item.Id);
            return new(WriteOutcome.Done, item);
        }

        if (Failed(reasons, 1))
        {
            return new(WriteOutcome.EmailTaken);
        }

        throw new InvalidOperationException($"Creating identity {item.Id} was cancelled: {Describe(reasons)}");
    }

    public Task<WriteResult> UpdateAsync(
        string id, long? expectedVersion, IdentityFields fields, CancellationToken cancellationToken) =>
        WriteConditionallyAsync(id, expectedVersion, current => new(current.With(fields, Now())), cancellationToken);

    /// <summary>
    /// Changes the status alone. The version condition makes writing back the item read equal to
    /// setting only the status: nothing else can have changed, and nothing else is validated.
    /// </summary>
    public Task<WriteResult> ChangeStatusAsync(
        string id, long? expectedVersion, string status, CancellationToken cancellationToken) =>
        WriteConditionallyAsync(id, expectedVersion, current => new(current.WithStatus(status, Now())), cancellationToken);

    public async Task<WriteOutcome> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken) =>
        (await WriteConditionallyAsync(id, expectedVersion, _ => new(After: null), cancellationToken)).Outcome;

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

            var after = change(current).After;
            var guard = new Dictionary<string, AttributeValue> { [":version"] = Number(current.Version) };
            List<TransactWriteItem> writes =
            [
                after is null
                    ? new() { Delete = new() { TableName = TableName, Key = KeyOf(current.Pk), ConditionExpression = "version = :version", ExpressionAttributeValues = guard } }
                    : new() { Put = new() { TableName = TableName, Item = after.ToAttributes(), ConditionExpression = "version = :version", ExpressionAttributeValues = guard } },
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
                LogWritten(id, after is null ? "deleted" : "changed", after?.Version ?? current.Version + 1);
                return new(WriteOutcome.Done, after);
            }

            if (Failed(reasons, 0))
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

    /// <summary>What a change makes of the identity it read: its next state, or null when it is deleted.</summary>
    private sealed record Change(IdentityItem? After);

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

    private Put ReserveEmail(IdentityItem item) => new()
    {
        TableName = TableName,
        Item = item.ToEmailReservation(),
        ConditionExpression = "attribute_not_exists(pk)",
    };

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Created identity {IdentityId}")]
    private partial void LogCreated(string identityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity {IdentityId} {Action} at version {Version}")]
    private partial void LogWritten(string identityId, string action, long version);
}
