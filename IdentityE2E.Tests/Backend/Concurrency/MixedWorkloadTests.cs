using System.Net;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Tests.Backend.Hostile;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Backend.Concurrency;

[Collection(SharedBackend.Name)]
public sealed class MixedWorkloadTests(BackendFixture fixture)
{
    private const int Timeout = 120_000;
    private const int Identities = 5;
    private const int Rounds = 6;

    private static readonly HttpStatusCode[] Expected =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent,
        HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed,
    ];

    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);
    private readonly string _tag = Guid.NewGuid().ToString("N");

    [Fact(Timeout = Timeout)]
    public async Task ConcurrentUpdatesEmailChangesAndDeletesKeepEveryEmailReservedByExactlyItsHolder()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var ids = new List<string>();
        for (var slot = 0; slot < Identities; slot++)
        {
            ids.Add((await _client.CreateIdentityAsync(cancellationToken, Email(slot, round: 0))).Id);
        }

        await StartingGate.WarmUpAsync(_client, Identities * 4, cancellationToken);
        var statuses = new List<HttpStatusCode>();

        // Act
        for (var round = 1; round <= Rounds; round++)
        {
            var operations = Operations(ids, round, cancellationToken);
            var responses = await StartingGate.RunTogetherAsync(operations.Count, index => operations[index].Send());
            for (var index = 0; index < responses.Length; index++)
            {
                using var response = responses[index];
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    // The slot's identity was deleted and its first email claimed again: the newcomer takes the slot.
                    ids[operations[index].Slot] = (await IdentityRequests.ReadIdentityAsync(response, cancellationToken)).Id;
                }
            }
        }

        // Assert
        Assert.All(statuses, status => Assert.Contains(status, Expected));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.NoContent, statuses);
        var items = await TableSnapshot.ScanAllAsync(fixture.DynamoDB.Client, fixture.DynamoDB.TableName, cancellationToken);
        ReservationInvariants.AssertHold(
            items.Where(item => IsOurs(item, "identity#", "emailKey")), items.Where(item => IsOurs(item, "email#", "pk")));
    }

    /// <summary>
    /// One round. Every slot races an email change, a grab of its neighbour's new email and a write with
    /// a stale version; every third slot is also deleted while a create claims its first email again.
    /// </summary>
    private List<(int Slot, Func<Task<HttpResponseMessage>> Send)> Operations(List<string> ids, int round, CancellationToken cancellationToken)
    {
        var operations = new List<(int, Func<Task<HttpResponseMessage>>)>();
        for (var slot = 0; slot < ids.Count; slot++)
        {
            var id = ids[slot];
            var mine = Email(slot, round);
            var neighbours = Email((slot + 1) % ids.Count, round);
            var previous = Email(slot, round - 1);
            var first = Email(slot, 0).ToUpperInvariant();
            operations.Add((slot, () => _client.PutIdentityAsync(id, Changes(mine, "verified"), "*", cancellationToken)));
            operations.Add((slot, () => _client.PutIdentityAsync(id, Changes(neighbours, "rejected"), "*", cancellationToken)));
            operations.Add((slot, () => _client.PutIdentityAsync(id, Changes(previous, "pending"), "\"1\"", cancellationToken)));
            if ((slot + round) % 3 == 0)
            {
                operations.Add((slot, () => _client.DeleteIdentityAsync(id, cancellationToken, "*")));
                operations.Add((slot, () => _client.PostIdentityAsync(IdentityRequests.NewIdentity(first), cancellationToken)));
            }
        }

        return operations;
    }

    private bool IsOurs(Dictionary<string, AttributeValue> item, string kind, string emailAttribute) =>
        item["pk"].S.StartsWith(kind, StringComparison.Ordinal)
        && item.TryGetValue(emailAttribute, out var email) && email.S.Contains(_tag, StringComparison.Ordinal);

    private static object Changes(string email, string status) =>
        new { givenName = "Ada", familyName = "Lovelace", email, dateOfBirth = (string?)null, status };

    private string Email(int slot, int round) => $"mixed-{_tag}-s{slot}-r{round}@example.com";
}
