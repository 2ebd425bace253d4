using System.Net;
using System.Text.Json;

namespace IdentityE2E.Tests.Backend;

[Collection(SharedBackend.Name)]
public sealed class ValidationTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    public static TheoryData<string, string?, string, string?, string> InvalidIdentities => new()
    {
        // givenName, familyName, email ("{new}" is replaced by a fresh one), dateOfBirth, the field named
        { "", "Lovelace", "{new}", null, "givenName" },
        { "   ", "Lovelace", "{new}", null, "givenName" },
        { new string('a', 101), "Lovelace", "{new}", null, "givenName" },
        { "Ada\u200B", "Lovelace", "{new}", null, "givenName" },
        { "Ada", "\u202ELovelace", "{new}", null, "familyName" },
        { "Ada", "Love\u0007lace", "{new}", null, "familyName" },
        { "Ada", null, "{new}", null, "familyName" },
        { "Ada", "Lovelace", "", null, "email" },
        { "Ada", "Lovelace", "no-at-sign.example.com", null, "email" },
        { "Ada", "Lovelace", "ada@localhost", null, "email" },
        { "Ada", "Lovelace", "ada@@example.com", null, "email" },
        { "Ada", "Lovelace", "ada lovelace@example.com", null, "email" },
        { "Ada", "Lovelace", "Ada <ada@example.com>", null, "email" },
        { "Ada", "Lovelace", "ada@exa\u200Bmple.com", null, "email" },
        { "Ada", "Lovelace", new string('a', 243) + "@example.com", null, "email" },
        { "Ada", "Lovelace", "{new}", "2999-01-01", "dateOfBirth" },
        { "Ada", "Lovelace", "{new}", "1899-12-31", "dateOfBirth" },
        { "Ada", "Lovelace", "{new}", "2000-02-30", "dateOfBirth" },
        { "Ada", "Lovelace", "{new}", "10/12/1990", "dateOfBirth" },
    };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(InvalidIdentities))]
    public async Task CreatingAnInvalidIdentityReturnsAProblemNamingTheField(
        string givenName, string? familyName, string email, string? dateOfBirth, string field)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var body = new { givenName, familyName, email = email == "{new}" ? IdentityRequests.NewEmail() : email, dateOfBirth };

        // Act
        using var response = await _client.PostIdentityAsync(body, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingAnIdentityWithSeveralInvalidFieldsNamesEachOfThem()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.PostIdentityAsync(new { givenName = "", familyName = "", email = "nope", dateOfBirth = "tomorrow" }, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["dateOfBirth", "email", "familyName", "givenName"],
            (await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken)).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingWithAnUnknownStatusReturnsAProblemNamingStatus()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "Verified"), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["status"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
        Assert.Equal(created, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingAnIdentityWithAnUnknownPropertyReturnsAProblemNamingIt()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var json = $$"""{"givenName":"Ada","familyName":"Lovelace","email":"{{IdentityRequests.NewEmail()}}","nickname":"Countess"}""";

        // Act
        using var response = await _client.PostRawIdentityAsync(json, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["nickname"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("""{"givenName":42,"familyName":"Lovelace","email":"ada@example.com"}""", "givenName")]
    [InlineData("""{"givenName":"Ada","familyName":"Lovelace","email":["ada@example.com"]}""", "email")]
    [InlineData("""{"givenName":"Ada",""", "body")]
    [InlineData("""not json""", "body")]
    [InlineData("""[]""", "body")]
    public async Task CreatingAnIdentityFromUnreadableJsonReturnsBadRequest(string json, string field)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.PostRawIdentityAsync(json, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("")]
    [InlineData("null")]
    public async Task CreatingAnIdentityWithoutABodyReturnsBadRequest(string json)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.PostRawIdentityAsync(json, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingAnIdentityAsPlainTextReturnsUnsupportedMediaType()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.PostRawIdentityAsync(
            JsonSerializer.Serialize(IdentityRequests.NewIdentity()), cancellationToken, "text/plain");

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingAnIdentityWithABodyOver16KiBReturnsContentTooLarge()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var json = JsonSerializer.Serialize(new
        {
            givenName = "Ada", familyName = "Lovelace", email = IdentityRequests.NewEmail(), padding = new string('x', 16 * 1024),
        });

        // Act
        using var response = await _client.PostRawIdentityAsync(json, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }
}
