using System.Net;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Tests.Backend;

[Collection(SharedBackend.Name)]
public sealed class EmailUniquenessTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Fact(Timeout = Timeout)]
    public async Task CreatingAnIdentityWithAnExistingEmailReturnsConflict()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = IdentityRequests.NewEmail("Grace");
        var existing = await _client.CreateIdentityAsync(cancellationToken, email);

        // Act
        using var response = await _client.PostIdentityAsync(IdentityRequests.NewIdentity($"  {email.ToUpperInvariant()} "), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["email"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Null(response.Headers.Location);
        Assert.Equal(1, await CountIdentitiesWithEmailAsync(email, cancellationToken));
        Assert.Equal(existing, await _client.GetExistingIdentityAsync(existing.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingToAnotherIdentitysEmailReturnsConflictAndChangesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = await _client.CreateIdentityAsync(cancellationToken);
        var second = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(
            second.Id, IdentityRequests.Changes(second, email: first.Email.ToUpperInvariant(), status: "verified"), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["email"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Equal(second, await _client.GetExistingIdentityAsync(second.Id, cancellationToken));
        Assert.Equal(first, await _client.GetExistingIdentityAsync(first.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingTheEmailFreesTheOldOneAndTakesTheNewOne()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var identity = await _client.CreateIdentityAsync(cancellationToken);
        var newEmail = IdentityRequests.NewEmail();

        // Act
        using var response = await _client.PutIdentityAsync(identity.Id, IdentityRequests.Changes(identity, email: newEmail), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reuseOld = await _client.PostIdentityAsync(IdentityRequests.NewIdentity(identity.Email), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, reuseOld.StatusCode);
        using var takeNew = await _client.PostIdentityAsync(IdentityRequests.NewIdentity(newEmail), cancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, takeNew.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingOnlyTheLetterCaseOfTheEmailKeepsItReserved()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var identity = await _client.CreateIdentityAsync(cancellationToken);
        var shouted = identity.Email.ToUpperInvariant();

        // Act
        using var response = await _client.PutIdentityAsync(identity.Id, IdentityRequests.Changes(identity, email: shouted), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shouted, (await IdentityRequests.ReadIdentityAsync(response, cancellationToken)).Email);
        using var duplicate = await _client.PostIdentityAsync(IdentityRequests.NewIdentity(identity.Email), cancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeletingAnIdentityFreesItsEmail()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var identity = await _client.CreateIdentityAsync(cancellationToken);
        using var deleted = await _client.DeleteIdentityAsync(identity.Id, cancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        // Act
        using var response = await _client.PostIdentityAsync(IdentityRequests.NewIdentity(identity.Email), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task ConcurrentCreatesWithOneEmailLetAtMostOneSucceed()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = IdentityRequests.NewEmail();

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _client.PostIdentityAsync(IdentityRequests.NewIdentity(email), cancellationToken)));

        // Assert
        // DynamoDB may cancel a transaction that collides with another (503, retry later) instead of
        // failing its condition (409); either way, at most one identity holds the email.
        var created = responses.Count(response => response.StatusCode == HttpStatusCode.Created);
        Assert.InRange(created, 0, 1);
        Assert.All(responses, response => Assert.Contains(
            response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(created, await CountIdentitiesWithEmailAsync(email, cancellationToken));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private async Task<int> CountIdentitiesWithEmailAsync(string email, CancellationToken cancellationToken)
    {
        var response = await fixture.DynamoDB.Client.ScanAsync(new ScanRequest
        {
            TableName = fixture.DynamoDB.TableName,
            FilterExpression = "emailKey = :emailKey",
            ExpressionAttributeValues = new() { [":emailKey"] = new() { S = email.ToLowerInvariant() } },
        }, cancellationToken);
        return response.Items?.Count ?? 0;
    }
}
