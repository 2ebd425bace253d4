using System.Net;
using System.Net.Http.Json;
using IdentityE2E.Tests.Backend.Hostile;

namespace IdentityE2E.Tests.Backend.Concurrency;

[Collection(SharedBackend.Name)]
public sealed class ConcurrentUpdateTests(BackendFixture fixture)
{
    private const int Timeout = 60_000;
    private const int Clients = 20;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Fact(Timeout = Timeout)]
    public async Task TwentyConcurrentUpdatesWithOneVersionLetExactlyOneWin()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var identity = await _client.CreateIdentityAsync(cancellationToken);
        // Each client moves the identity to its own name, status and email, so the stored item tells who won.
        var changes = Enumerable.Range(0, Clients).Select(index => new
        {
            givenName = $"Writer {index}",
            familyName = identity.FamilyName,
            email = IdentityRequests.NewEmail($"writer{index}"),
            dateOfBirth = $"19{50 + index}-01-0{1 + (index % 9)}",
            status = index % 2 == 0 ? "verified" : "rejected",
        }).ToArray();
        await StartingGate.WarmUpAsync(_client, Clients, cancellationToken);

        // Act
        var responses = await StartingGate.RunTogetherAsync(Clients, index =>
            _client.PutIdentityAsync(identity.Id, changes[index], "\"1\"", cancellationToken));

        // Assert
        var statuses = responses.Select(response => response.StatusCode).ToArray();
        Assert.True(statuses.Count(status => status == HttpStatusCode.OK) == 1, string.Join(", ", statuses));
        Assert.Equal(Clients - 1, statuses.Count(status => status == HttpStatusCode.PreconditionFailed));
        var winnerIndex = Array.FindIndex(statuses, status => status == HttpStatusCode.OK);
        var winner = changes[winnerIndex];
        var answered = await IdentityRequests.ReadIdentityAsync(responses[winnerIndex], cancellationToken);
        var stored = await _client.GetExistingIdentityAsync(identity.Id, cancellationToken);
        Assert.Equal(answered, stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal(
            (winner.givenName, winner.familyName, winner.email, winner.dateOfBirth, winner.status),
            (stored.GivenName, stored.FamilyName, stored.Email, stored.DateOfBirth, stored.Status));

        // Only the winner's email is reserved, by this identity; the old one and the losers' are free.
        var items = await TableSnapshot.ScanAllAsync(fixture.DynamoDB.Client, fixture.DynamoDB.TableName, cancellationToken);
        var reservations = items
            .Where(item => item["pk"].S is var pk && (pk == $"email#{identity.Email}" || changes.Any(change => pk == $"email#{change.email}")))
            .ToList();
        var reservation = Assert.Single(reservations);
        Assert.Equal($"email#{winner.email}", reservation["pk"].S);
        Assert.Equal(identity.Id, reservation["identityId"].S);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
