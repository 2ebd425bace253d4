using System.Net;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Tests.Backend;

/// <summary>PUT /api/identities/{id}/status: the status alone changes, under a required If-Match.</summary>
[Collection(SharedBackend.Name)]
public sealed class StatusCommandTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Theory(Timeout = Timeout)]
    [InlineData("verified")]
    [InlineData("rejected")]
    [InlineData("pending")]
    public async Task ChangingTheStatusWithTheCurrentVersionReturnsTheIdentityWithTheNextETag(string status)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.ETag());
        var changed = await IdentityRequests.ReadIdentityAsync(response, cancellationToken);
        Assert.Equal(created with { Status = status, Version = 2, UpdatedAt = changed.UpdatedAt }, changed);
        Assert.Equal(changed, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingTheStatusWithoutIfMatchReturnsPreconditionRequiredAndChangesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status = "verified" }, ifMatch: null, cancellationToken);

        // Assert
        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        Assert.Equal(created, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingTheStatusWithAStaleVersionReturnsPreconditionFailedAndChangesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        using var first = await _client.PutStatusAsync(created.Id, new { status = "verified" }, "\"1\"", cancellationToken);
        var current = await IdentityRequests.ReadIdentityAsync(first, cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status = "rejected" }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        Assert.Equal(current, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingTheStatusOfAnUnknownIdentityReturnsNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.PutStatusAsync(Guid.CreateVersion7().ToString("N"), new { status = "verified" }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("VERIFIED")]
    [InlineData("deleted")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ChangingToAnUnknownStatusReturnsAProblemNamingStatus(string? status)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["status"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Equal(created, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingTheStatusSucceedsEvenWhenAnotherFieldNoLongerPassesValidation()
    {
        // Arrange: a stored name that today's rules refuse (written before they existed), which a full replace would have to repeat.
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        var longName = new string('a', 150);
        await fixture.DynamoDB.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = fixture.DynamoDB.TableName,
            Key = new() { ["pk"] = new() { S = $"identity#{created.Id}" } },
            UpdateExpression = "SET givenName = :name",
            ExpressionAttributeValues = new() { [":name"] = new() { S = longName } },
        }, cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status = "verified" }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = await IdentityRequests.ReadIdentityAsync(response, cancellationToken);
        Assert.Equal(("verified", longName, created.Email), (changed.Status, changed.GivenName, changed.Email));
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingTheStatusKeepsTheEmailReservation()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutStatusAsync(created.Id, new { status = "rejected" }, "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reservation = await fixture.DynamoDB.Client.GetItemAsync(new GetItemRequest
        {
            TableName = fixture.DynamoDB.TableName,
            Key = new() { ["pk"] = new() { S = $"email#{created.Email.ToLowerInvariant()}" } },
            ConsistentRead = true,
        }, cancellationToken);
        Assert.Equal(created.Id, reservation.Item["identityId"].S);
    }
}
