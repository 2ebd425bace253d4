using System.Net;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Backend.Identities;
using IdentityE2E.Identities;

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

    // {n} becomes a fresh id, so each row has its own address; the second spelling is the one a person
    // would call the same address as the first.
    [Theory(Timeout = Timeout)]
    [InlineData("ren\u00E9-{n}@example.com", "rene\u0301-{n}@example.com")]
    [InlineData("rene\u0301-{n}@example.com", "ren\u00E9-{n}@example.com")]
    [InlineData("ada-{n}@b\u00FCcher.example", "ada-{n}@xn--bcher-kva.example")]
    [InlineData("ada-{n}@xn--bcher-kva.example", "ada-{n}@B\u00DCCHER.example")]
    [InlineData("ada-{n}@example.com", "\uFF21\uFF24\uFF21-{n}@example.com")]
    public async Task CreatingAnIdentityWithAnotherUnicodeSpellingOfAnExistingEmailReturnsConflict(string original, string spelling)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var n = Guid.NewGuid().ToString("N");
        var existing = await _client.CreateIdentityAsync(cancellationToken, original.Replace("{n}", n, StringComparison.Ordinal));

        // Act
        using var response = await _client.PostIdentityAsync(
            IdentityRequests.NewIdentity(spelling.Replace("{n}", n, StringComparison.Ordinal)), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["email"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Equal(1, await CountIdentitiesWithEmailAsync(existing.Email, cancellationToken));
        Assert.Equal(existing, await _client.GetExistingIdentityAsync(existing.Id, cancellationToken));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("ren\u00E9-{n}@example.com", "rene\u0301-{n}@example.com")]
    [InlineData("ada-{n}@b\u00FCcher.example", "ada-{n}@xn--bcher-kva.example")]
    [InlineData("ada-{n}@example.com", "\uFF21\uFF24\uFF21-{n}@example.com")]
    public async Task UpdatingToAnotherUnicodeSpellingOfAnotherIdentitysEmailReturnsConflictAndChangesNothing(string original, string spelling)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var n = Guid.NewGuid().ToString("N");
        var first = await _client.CreateIdentityAsync(cancellationToken, original.Replace("{n}", n, StringComparison.Ordinal));
        var second = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(
            second.Id, IdentityRequests.Changes(second, email: spelling.Replace("{n}", n, StringComparison.Ordinal)), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["email"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Equal(second, await _client.GetExistingIdentityAsync(second.Id, cancellationToken));
        Assert.Equal(first, await _client.GetExistingIdentityAsync(first.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task AnEmailWhoseDomainIdnaRefusesIsAValidationProblemNotAServerError()
    {
        // Arrange: a label of 64 letters passes the address checks but not IDNA (63 at most).
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = $"ada-{Guid.NewGuid():N}@{new string('\u00FC', 64)}.example";

        // Act
        using var response = await _client.PostIdentityAsync(IdentityRequests.NewIdentity(email), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["email"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Contains("internationalized domain name", await response.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await CountIdentitiesWithEmailAsync(email, cancellationToken));
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
            ExpressionAttributeValues = new() { [":emailKey"] = new() { S = IdentityFields.EmailKeyOf(email) } },
        }, cancellationToken);
        return response.Items?.Count ?? 0;
    }
}
