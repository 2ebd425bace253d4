using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IdentityE2E.Tests.Backend.Aot;

/// <summary>
/// The API contract against the Native AOT binary, so trimming cannot silently break serialization, binding,
/// problem details or sign-in: what the in-process tests check on the JIT build, in the shape ECS runs.
/// </summary>
[Collection(SharedAotBackend.Name)]
public sealed class AotBackendTests(AotBackendFixture fixture)
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task TheNativeBinaryServesAnIdentityThroughItsWholeLife()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = fixture.CreateClient(Caller.Automation);
        TestContext.Current.TestOutputHelper?.WriteLine($"AOT backend: process start to healthy in {fixture.StartedToHealthy.TotalMilliseconds:F0} ms");

        // Act and Assert: create, read, list, change, verify, reject, history, delete.
        using var created = await client.PostIdentityAsync(IdentityRequests.NewIdentity(), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.ETag());
        var identity = await IdentityRequests.ReadIdentityAsync(created, cancellationToken);
        Assert.Equal($"/api/identities/{identity.Id}", created.Headers.Location?.ToString());
        Assert.Equal(("Ada", "1990-12-10", "pending", 1L), (identity.GivenName, identity.DateOfBirth, identity.Status, identity.Version));

        Assert.Equal(identity, await client.GetExistingIdentityAsync(identity.Id, cancellationToken));
        var page = await client.ListIdentitiesAsync("limit=100&status=pending", cancellationToken);
        Assert.Contains(page.Items, item => item.Id == identity.Id);

        using var updated = await client.PutIdentityAsync(identity.Id, IdentityRequests.Changes(identity, givenName: "Augusta"), "\"1\"", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("Augusta", 2L), ((await IdentityRequests.ReadIdentityAsync(updated, cancellationToken)) is var after ? (after.GivenName, after.Version) : default));

        using var verified = await client.PutStatusAsync(identity.Id, new { status = "verified" }, "\"2\"", cancellationToken);
        Assert.Equal("verified", (await IdentityRequests.ReadIdentityAsync(verified, cancellationToken)).Status);
        using var rejected = await client.PutStatusAsync(identity.Id, new { status = "rejected" }, "\"3\"", cancellationToken);
        Assert.Equal(("rejected", "\"4\""), ((await IdentityRequests.ReadIdentityAsync(rejected, cancellationToken)).Status, rejected.ETag()));

        using var deleted = await client.DeleteIdentityAsync(identity.Id, cancellationToken, ifMatch: "\"4\"");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await client.GetIdentityAsync(identity.Id, cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        var history = await client.GetExistingHistoryAsync(identity.Id, cancellationToken);
        Assert.Equal(["created", "updated", "status-changed", "status-changed", "deleted"], history.Items.Select(entry => entry.Action));
        Assert.Equal(["givenName"], history.Items[1].Fields);
        Assert.Equal(("verified", "rejected"), (history.Items[3].From, history.Items[3].To));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], history.Items.Select(entry => entry.Version));
    }

    [Fact(Timeout = Timeout)]
    public async Task UnreadableAndInvalidRequestsAreAnsweredWithProblemDetails()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = fixture.CreateClient(Caller.Automation);

        // Act
        using var unknownProperty = await client.PostRawIdentityAsync("""{"givenName":"Ada","familyName":"L","email":"a@example.com","nickname":"x"}""", cancellationToken);
        using var malformed = await client.PostRawIdentityAsync("{", cancellationToken);
        using var missingFields = await client.PostRawIdentityAsync("{}", cancellationToken);
        using var unknownId = await client.GetIdentityAsync(Guid.NewGuid().ToString("N"), cancellationToken);
        var existing = await client.CreateIdentityAsync(cancellationToken);
        using var withoutIfMatch = await client.PutIdentityAsync(existing.Id, IdentityRequests.Changes(existing), ifMatch: null, cancellationToken);

        // Assert: RFC 7807 bodies (type, title, status) with the fields named.
        Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.StatusCode);
        var problem = await IdentityRequests.ReadProblemAsync(unknownProperty, cancellationToken);
        Assert.Equal(JsonValueKind.String, problem.GetProperty("type").ValueKind);
        Assert.Equal("The request body is not valid.", problem.GetProperty("title").GetString());
        Assert.Equal(["nickname"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        Assert.Equal(["body"], await IdentityRequests.ReadErrorFieldsAsync(malformed, cancellationToken));
        Assert.Equal(["email", "familyName", "givenName"], (await IdentityRequests.ReadErrorFieldsAsync(missingFields, cancellationToken)).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknownId.StatusCode);
        Assert.Equal("The identity was not found.", (await IdentityRequests.ReadProblemAsync(unknownId, cancellationToken)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);
        await IdentityRequests.ReadProblemAsync(withoutIfMatch, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnotherUnicodeSpellingOfATakenEmailIsAConflict()
    {
        // Arrange: NFKC folds full-width letters, which needs ICU in the image and the binary.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = fixture.CreateClient(Caller.Automation);
        var local = $"ada{Guid.NewGuid():N}";
        await client.CreateIdentityAsync(cancellationToken, email: $"{local}@example.com");

        // Act
        using var response = await client.PostIdentityAsync(IdentityRequests.NewIdentity(email: $"ＡＤＡ{local[3..]}@example.com"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(["email"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task WithoutATokenItIsUnauthorizedAndAViewerMayReadButNotWrite()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var anonymous = fixture.CreateAnonymousClient();
        using var viewer = fixture.CreateClient(Caller.Viewer);

        // Act
        using var withoutToken = await anonymous.GetAsync(IdentityRequests.Path, cancellationToken);
        using var read = await viewer.GetAsync($"{IdentityRequests.Path}?limit=1", cancellationToken);
        using var write = await viewer.PostIdentityAsync(IdentityRequests.NewIdentity(), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal("Bearer", Assert.Single(withoutToken.Headers.WwwAuthenticate).Scheme);
        await IdentityRequests.ReadProblemAsync(withoutToken, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        await IdentityRequests.ReadProblemAsync(write, cancellationToken);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheHealthEndpointsAndTheOpenApiDocumentAnswer()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var anonymous = fixture.CreateAnonymousClient();

        // Act
        var health = await anonymous.GetStringAsync("/health", cancellationToken);
        var alive = await anonymous.GetStringAsync("/alive", cancellationToken);
        var openApi = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", cancellationToken);

        // Assert
        Assert.Equal(("Healthy", "Healthy"), (health, alive));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/identities/{id}", out _), openApi.ToString());
    }
}
