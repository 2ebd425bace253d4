using System.Net;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Tests.LocalAuth;

namespace IdentityE2E.Tests.Backend;

/// <summary>GET /api/identities/{id}/history, and the history items every change writes in its own transaction.</summary>
[Collection(SharedBackend.Name)]
public sealed class HistoryTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;

    // A client-credentials token's subject is the client itself (docs/contracts.md, "Sign-in").
    private const string Actor = LocalAuthFactory.MachineClientId;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Fact(Timeout = Timeout)]
    public async Task EveryChangeAppearsInTheHistoryOldestFirstAndTheDeleteMarkerStaysAfterTheDelete()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        using var update = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, givenName: "Augusta"), "\"1\"", cancellationToken);
        using var status = await _client.PutStatusAsync(created.Id, new { status = "verified" }, "\"2\"", cancellationToken);
        using var delete = await _client.DeleteIdentityAsync(created.Id, cancellationToken, "\"3\"");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent), (update.StatusCode, status.StatusCode, delete.StatusCode));

        // Act
        var history = await _client.GetExistingHistoryAsync(created.Id, cancellationToken);

        // Assert
        Assert.Equal(
            [
                new("created", Actor, created.CreatedAt, 1),
                new("updated", Actor, history.Items[1].At, 2, ["givenName"]),
                new("status-changed", Actor, history.Items[2].At, 3, From: "pending", To: "verified"),
                new("deleted", Actor, history.Items[3].At, 4),
            ],
            history.Items,
            new WireHistoryEntryComparer());
        Assert.Equal(history.Items.Select(entry => entry.At).Order(), history.Items.Select(entry => entry.At));
    }

    [Fact(Timeout = Timeout)]
    public async Task AnUpdateThatMovesTheStatusNamesItsFieldsAndTheStatusMove()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        using var update = await _client.PutIdentityAsync(
            created.Id, IdentityRequests.Changes(created, email: IdentityRequests.NewEmail(), status: "rejected"), "\"1\"", cancellationToken);

        // Act
        var history = await _client.GetExistingHistoryAsync(created.Id, cancellationToken);

        // Assert
        var entry = history.Items[^1];
        Assert.Equal(("updated", 2L, "pending", "rejected"), (entry.Action, entry.Version, entry.From, entry.To));
        Assert.Equal(["email", "status"], entry.Fields);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheHistoryOfAnIdentityThatNeverExistedIsNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.GetHistoryAsync(Guid.CreateVersion7().ToString("N"), cancellationToken);
        using var malformed = await _client.GetHistoryAsync("not-an-id", cancellationToken);

        // Assert
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (response.StatusCode, malformed.StatusCode));
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task RefusedChangesWriteNoHistory()
    {
        // Arrange: a stale version, a taken email and an unknown status are all refused.
        var cancellationToken = TestContext.Current.CancellationToken;
        var other = await _client.CreateIdentityAsync(cancellationToken);
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var stale = await _client.PutStatusAsync(created.Id, new { status = "verified" }, "\"2\"", cancellationToken);
        using var taken = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, email: other.Email), "\"1\"", cancellationToken);
        using var unknown = await _client.PutStatusAsync(created.Id, new { status = "gone" }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict, HttpStatusCode.BadRequest), (stale.StatusCode, taken.StatusCode, unknown.StatusCode));
        Assert.Equal(["created"], (await _client.GetExistingHistoryAsync(created.Id, cancellationToken)).Items.Select(entry => entry.Action));
        Assert.Single(await HistoryItemsOfAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task EachVersionHasExactlyOneHistoryItemStoredUnderItsKey()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        using var first = await _client.PutStatusAsync(created.Id, new { status = "verified" }, "\"1\"", cancellationToken);
        using var second = await _client.PutStatusAsync(created.Id, new { status = "rejected" }, "\"2\"", cancellationToken);

        // Act
        var items = await HistoryItemsOfAsync(created.Id, cancellationToken);

        // Assert
        Assert.Equal(
            [$"history#{created.Id}#0000000001", $"history#{created.Id}#0000000002", $"history#{created.Id}#0000000003"],
            items.Select(item => item["pk"].S).Order(StringComparer.Ordinal));
        Assert.All(items, item => Assert.EndsWith($"#{item["pk"].S[^10..]}", item["changedAt"].S, StringComparison.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task TheAuthorOfTheLastChangeIsServedWithTheIdentity()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status = "verified" }, "\"1\"", cancellationToken);
        var changed = await IdentityRequests.ReadIdentityAsync(response, cancellationToken);

        // Assert
        Assert.Equal((Actor, Actor), (created.CreatedBy, created.UpdatedBy));
        Assert.Equal((Actor, Actor), (changed.CreatedBy, changed.UpdatedBy));
    }

    private async Task<List<Dictionary<string, AttributeValue>>> HistoryItemsOfAsync(string id, CancellationToken cancellationToken)
    {
        var response = await fixture.DynamoDB.Client.QueryAsync(new QueryRequest
        {
            TableName = fixture.DynamoDB.TableName,
            IndexName = "history",
            KeyConditionExpression = "historyOf = :id",
            ExpressionAttributeValues = new() { [":id"] = new() { S = id } },
        }, cancellationToken);
        return response.Items ?? [];
    }

    /// <summary>Records compare lists by reference; history entries are equal when their parts are.</summary>
    private sealed class WireHistoryEntryComparer : IEqualityComparer<WireHistoryEntry>
    {
        public bool Equals(WireHistoryEntry? x, WireHistoryEntry? y) =>
            x is not null && y is not null
            && (x with { Fields = null }) == (y with { Fields = null })
            && (x.Fields ?? []).SequenceEqual(y.Fields ?? [])
            && (x.Fields is null) == (y.Fields is null);

        public int GetHashCode(WireHistoryEntry obj) => obj.Version.GetHashCode();
    }
}
