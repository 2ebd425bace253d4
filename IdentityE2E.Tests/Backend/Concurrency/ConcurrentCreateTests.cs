using System.Net;
using IdentityE2E.Tests.Backend.Hostile;

namespace IdentityE2E.Tests.Backend.Concurrency;

[Collection(SharedBackend.Name)]
public sealed class ConcurrentCreateTests(BackendFixture fixture)
{
    private const int Timeout = 60_000;
    private const int Clients = 20;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Fact(Timeout = Timeout)]
    public async Task TwentyConcurrentCreatesOfOneEmailInDifferentCasesLetExactlyOneWin()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = IdentityRequests.NewEmail("concurrent-create");
        var spellings = Enumerable.Range(0, Clients).Select(index => Spelling(email, index)).ToArray();
        Assert.Equal(Clients, spellings.Distinct(StringComparer.Ordinal).Count());
        await StartingGate.WarmUpAsync(_client, Clients, cancellationToken);

        // Act
        var responses = await StartingGate.RunTogetherAsync(Clients, index =>
            _client.PostIdentityAsync(IdentityRequests.NewIdentity(spellings[index]), cancellationToken));

        // Assert
        var statuses = responses.Select(response => response.StatusCode).ToArray();
        Assert.True(statuses.Count(status => status == HttpStatusCode.Created) == 1, string.Join(", ", statuses));
        Assert.Equal(Clients - 1, statuses.Count(status => status == HttpStatusCode.Conflict));
        var created = await IdentityRequests.ReadIdentityAsync(
            responses.Single(response => response.StatusCode == HttpStatusCode.Created), cancellationToken);
        var items = await TableSnapshot.ScanAllAsync(fixture.DynamoDB.Client, fixture.DynamoDB.TableName, cancellationToken);
        var holder = Assert.Single(items, item => item.TryGetValue("emailKey", out var key) && key.S == email);
        Assert.Equal(created.Id, holder["id"].S);
        var reservation = Assert.Single(items, item => item["pk"].S == $"email#{email}");
        Assert.Equal(created.Id, reservation["identityId"].S);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    /// <summary>The email with the letter case of its letters chosen by the bits of the index: twenty different spellings of one address.</summary>
    private static string Spelling(string email, int index)
    {
        var letters = email.Select((character, position) => (character, position)).Where(pair => char.IsAsciiLetter(pair.character)).ToArray();
        var spelled = email.ToCharArray();
        for (var bit = 0; bit < 5; bit++)
        {
            if ((index & (1 << bit)) != 0)
            {
                spelled[letters[bit].position] = char.ToUpperInvariant(letters[bit].character);
            }
        }

        return new string(spelled);
    }
}
