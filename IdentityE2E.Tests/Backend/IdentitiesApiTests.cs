using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IdentityE2E.Tests.Backend;

[Collection(SharedBackend.Name)]
public sealed class IdentitiesApiTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Fact(Timeout = Timeout)]
    public async Task CreatingAnIdentityReturnsCreatedWithLocationAndETag()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var email = IdentityRequests.NewEmail();

        // Act
        using var response = await _client.PostIdentityAsync(
            new { givenName = "  Ada ", familyName = " Lovelace", email, dateOfBirth = "1990-12-10" }, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var identity = await IdentityRequests.ReadIdentityAsync(response, cancellationToken);
        Assert.Matches("^[0-9a-f]{32}$", identity.Id);
        Assert.Equal($"/api/identities/{identity.Id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(("Ada", "Lovelace", email, "1990-12-10"), (identity.GivenName, identity.FamilyName, identity.Email, identity.DateOfBirth));
        Assert.Equal(("pending", 1L), (identity.Status, identity.Version));
        Assert.Equal(DateTimeKind.Utc, identity.CreatedAt.Kind);
        Assert.Equal(identity.CreatedAt, identity.UpdatedAt);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnIdentityIsServedInCamelCaseWithANullDateOfBirthWhenNoneWasGiven()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken, dateOfBirth: null);

        // Act
        using var response = await _client.GetIdentityAsync(created.Id, cancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        // Assert
        Assert.Equal(
            ["id", "givenName", "familyName", "email", "dateOfBirth", "status", "createdAt", "createdBy", "updatedAt", "updatedBy", "version"],
            json.EnumerateObject().Select(property => property.Name));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("dateOfBirth").ValueKind);
        Assert.EndsWith("Z", json.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task GettingAnIdentityReturnsItWithItsETag()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.GetIdentityAsync(created.Id, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(created, await IdentityRequests.ReadIdentityAsync(response, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task GettingAnUnknownIdentityReturnsNotFound()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var unknown = Guid.CreateVersion7().ToString("N");

        // Act
        using var response = await _client.GetIdentityAsync(unknown, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("not-an-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("%E2%80%AE0123456789abcdef")]
    public async Task GettingAMalformedIdReturnsNotFound(string id)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.GetIdentityAsync(id, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingWithTheCurrentVersionReturnsTheNextVersion()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "verified", givenName: " Augusta "), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.ETag());
        var updated = await IdentityRequests.ReadIdentityAsync(response, cancellationToken);
        Assert.Equal((2L, "verified", "Augusta"), (updated.Version, updated.Status, updated.GivenName));
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt >= created.UpdatedAt);
        Assert.Equal(updated, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingWithoutIfMatchReturnsPreconditionRequired()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "verified"), ifMatch: null, cancellationToken);

        // Assert
        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        Assert.Equal(created, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingWithAStaleVersionReturnsPreconditionFailedAndChangesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        using var first = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "verified"), "\"1\"", cancellationToken);
        var current = await IdentityRequests.ReadIdentityAsync(first, cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "rejected"), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        Assert.Equal(current, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"abc\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("1", HttpStatusCode.BadRequest)]
    [InlineData("\"1\", \"2\"", HttpStatusCode.BadRequest)]
    [InlineData("\"99999999999999999999999\"", HttpStatusCode.PreconditionFailed)]
    public async Task UpdatingWithAWeakOrMalformedIfMatchIsRefusedWithAProblem(string ifMatch, HttpStatusCode expected)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "verified"), ifMatch, cancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        Assert.Equal(created, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingAnUnknownIdentityReturnsNotFound()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        var unknown = Guid.CreateVersion7().ToString("N");

        // Act
        using var response = await _client.PutIdentityAsync(unknown, IdentityRequests.Changes(created, email: IdentityRequests.NewEmail()), "\"1\"", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeletingAnIdentityReturnsNoContentAndThenItIsGone()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.DeleteIdentityAsync(created.Id, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var after = await _client.GetIdentityAsync(created.Id, cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        using var again = await _client.DeleteIdentityAsync(created.Id, cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeletingWithTheCurrentVersionReturnsNoContent()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await _client.DeleteIdentityAsync(created.Id, cancellationToken, "\"1\"");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeletingWithAStaleVersionReturnsPreconditionFailedAndKeepsTheIdentity()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await _client.CreateIdentityAsync(cancellationToken);
        using var update = await _client.PutIdentityAsync(created.Id, IdentityRequests.Changes(created, status: "verified"), "\"1\"", cancellationToken);
        var current = await IdentityRequests.ReadIdentityAsync(update, cancellationToken);

        // Act
        using var response = await _client.DeleteIdentityAsync(created.Id, cancellationToken, "\"1\"");

        // Assert
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        Assert.Equal(current, await _client.GetExistingIdentityAsync(created.Id, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task DeletingAnUnknownIdentityReturnsNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.DeleteIdentityAsync(Guid.CreateVersion7().ToString("N"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task HealthIsHealthyWhenTheTableAnswers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.GetAsync("/health", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task TheOpenApiDocumentDescribesTheIdentitiesApi()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.GetAsync("/openapi/v1.json", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/identities", out _));
        Assert.True(paths.TryGetProperty("/api/identities/{id}", out _));
    }
}
