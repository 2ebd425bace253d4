using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IdentityE2E.Frontend.Identities;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IdentityE2E.Tests.Frontend;

/// <summary>How BackendClient turns each answer of the backend into a result for the pages.</summary>
public sealed class BackendClientTests
{
    private const int Timeout = 10_000;
    private const string Id = "0192f0c4a1b27c3d8e9f00112233aabb";

    private const string AdaJson = $$"""
        {"id":"{{Id}}","givenName":"Ada","familyName":"Lovelace","email":"ada@example.com",
         "dateOfBirth":"1990-12-10","status":"verified","createdAt":"2026-01-02T03:04:05.678Z",
         "updatedAt":"2026-01-03T03:04:05Z","version":7}
        """;

    private static readonly IdentityChanges Changes =
        new("Ada", "Lovelace", "ada@example.com", null, IdentityStatus.Verified);

    [Fact(Timeout = Timeout)]
    public async Task ListingReadsTheItemsAndTheNextCursorAndSendsTheQuery()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.OK, $$"""{"items":[{{AdaJson}}],"nextCursor":"next+page/="}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var page = await client.ListIdentitiesAsync(20, "this+cursor/=", IdentityStatus.Pending, TestContext.Current.CancellationToken);

        // Assert
        Assert.NotNull(page);
        var ada = Assert.Single(page.Items);
        Assert.Equal((Id, "Ada", "Lovelace", "ada@example.com"), (ada.Id, ada.GivenName, ada.FamilyName, ada.Email));
        Assert.Equal((new DateOnly(1990, 12, 10), IdentityStatus.Verified, 7L), (ada.DateOfBirth, ada.Status, ada.Version));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), ada.CreatedAt);
        Assert.Equal("next+page/=", page.NextCursor);
        var request = Assert.Single(handler.Sent).Request;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/api/identities?limit=20&cursor=this%2Bcursor%2F%3D&status=pending", request.RequestUri!.PathAndQuery);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListingTheFirstPageWithoutAFilterSendsOnlyTheLimit()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var page = await client.ListIdentitiesAsync(20, null, null, TestContext.Current.CancellationToken);

        // Assert
        Assert.NotNull(page);
        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal("/api/identities?limit=20", Assert.Single(handler.Sent).Request.RequestUri!.PathAndQuery);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListingWithACursorTheBackendRefusesReturnsNoPage()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"cursor":["The cursor is not valid for this query."]}}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var page = await client.ListIdentitiesAsync(20, "tampered", null, TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(page);
    }

    [Fact(Timeout = Timeout)]
    public async Task GettingAnIdentityReadsIt()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.OK, AdaJson, response => response.Headers.ETag = new EntityTagHeaderValue("\"7\""));
        var client = new BackendClient(handler.CreateClient());

        // Act
        var identity = await client.GetIdentityAsync(Id, TestContext.Current.CancellationToken);

        // Assert
        Assert.NotNull(identity);
        Assert.Equal(("Ada Lovelace", 7L), (identity.FullName, identity.Version));
        Assert.Equal($"/api/identities/{Id}", Assert.Single(handler.Sent).Request.RequestUri!.AbsolutePath);
    }

    [Fact(Timeout = Timeout)]
    public async Task GettingAMissingIdentityReturnsNothing()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var identity = await client.GetIdentityAsync(Id, TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(identity);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnIdFromTheAddressBarIsEscapedIntoOnePathSegment()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.NotFound, """{"status":404}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        await client.GetIdentityAsync("../admin?x=1", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("/api/identities/..%2Fadmin%3Fx%3D1", Assert.Single(handler.Sent).Request.RequestUri!.PathAndQuery);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingPostsTheFieldsInCamelCaseAndReturnsTheCreatedIdentity()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.Created, AdaJson, response =>
        {
            response.Headers.Location = new Uri($"/api/identities/{Id}", UriKind.Relative);
            response.Headers.ETag = new EntityTagHeaderValue("\"1\"");
        });
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.CreateIdentityAsync(
            new NewIdentity("Ada", "Lovelace", "ada@example.com", new DateOnly(1990, 12, 10)), TestContext.Current.CancellationToken);

        // Assert
        var created = Assert.IsType<BackendResult.Created>(result);
        Assert.Equal(Id, created.Identity.Id);
        var (request, body) = Assert.Single(handler.Sent);
        Assert.Equal((HttpMethod.Post, "/api/identities"), (request.Method, request.RequestUri!.AbsolutePath));
        Assert.Equal(
            """{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com","dateOfBirth":"1990-12-10"}""",
            body);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingWithFieldsTheBackendRefusesReturnsItsErrorsByField()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.BadRequest, """
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.",
             "status":400,"errors":{"givenName":["Given name is required."],"email":["Email must be a valid address like name@example.com."]}}
            """);
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.CreateIdentityAsync(new NewIdentity("", "Lovelace", "ada", null), TestContext.Current.CancellationToken);

        // Assert
        var failed = Assert.IsType<BackendResult.ValidationFailed>(result);
        Assert.Equal(["Given name is required."], failed.Errors["givenName"]);
        Assert.Equal(["Email must be a valid address like name@example.com."], failed.Errors["email"]);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreatingWithAnEmailAnotherIdentityUsesReturnsConflict()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.Conflict, """{"title":"Email already used","status":409}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.CreateIdentityAsync(new NewIdentity("Ada", "Byron", "ada@example.com", null), TestContext.Current.CancellationToken);

        // Assert
        Assert.IsType<BackendResult.Conflict>(result);
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingSendsEveryFieldWithTheVersionAsIfMatchAndReturnsTheNewVersion()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.OK, AdaJson);
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.UpdateIdentityAsync(Id, 6, Changes, TestContext.Current.CancellationToken);

        // Assert
        var updated = Assert.IsType<BackendResult.Updated>(result);
        Assert.Equal(7L, updated.Identity.Version);
        var (request, body) = Assert.Single(handler.Sent);
        Assert.Equal((HttpMethod.Put, $"/api/identities/{Id}"), (request.Method, request.RequestUri!.AbsolutePath));
        Assert.Equal("\"6\"", Assert.Single(request.Headers.IfMatch).ToString());
        Assert.Equal(
            """{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com","dateOfBirth":null,"status":"verified"}""",
            body);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(HttpStatusCode.PreconditionFailed, typeof(BackendResult.PreconditionFailed))]
    [InlineData(HttpStatusCode.Conflict, typeof(BackendResult.Conflict))]
    [InlineData(HttpStatusCode.NotFound, typeof(BackendResult.NotFound))]
    public async Task UpdatingMapsEachRefusalToItsResult(HttpStatusCode status, Type expected)
    {
        // Arrange
        var handler = CannedAnswers.Json(status, $$"""{"status":{{(int)status}}}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.UpdateIdentityAsync(Id, 6, Changes, TestContext.Current.CancellationToken);

        // Assert
        Assert.IsType(expected, result);
    }

    [Fact(Timeout = Timeout)]
    public async Task UpdatingWithFieldsTheBackendRefusesReturnsItsErrorsByField()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"dateOfBirth":["Date of birth must not be in the future."]}}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.UpdateIdentityAsync(Id, 6, Changes, TestContext.Current.CancellationToken);

        // Assert
        var failed = Assert.IsType<BackendResult.ValidationFailed>(result);
        Assert.Equal(["Date of birth must not be in the future."], failed.Errors["dateOfBirth"]);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(HttpStatusCode.NoContent, typeof(BackendResult.Deleted))]
    [InlineData(HttpStatusCode.PreconditionFailed, typeof(BackendResult.PreconditionFailed))]
    [InlineData(HttpStatusCode.NotFound, typeof(BackendResult.NotFound))]
    public async Task DeletingSendsTheVersionAsIfMatchAndMapsTheAnswer(HttpStatusCode status, Type expected)
    {
        // Arrange
        var handler = CannedAnswers.Status(status);
        var client = new BackendClient(handler.CreateClient());

        // Act
        var result = await client.DeleteIdentityAsync(Id, 3, TestContext.Current.CancellationToken);

        // Assert
        Assert.IsType(expected, result);
        var request = Assert.Single(handler.Sent).Request;
        Assert.Equal((HttpMethod.Delete, "\"3\""), (request.Method, Assert.Single(request.Headers.IfMatch).ToString()));
    }

    [Theory(Timeout = Timeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task AServerErrorMeansTheBackendIsUnavailable(HttpStatusCode status)
    {
        // Arrange
        var handler = CannedAnswers.Json(status, $$"""{"status":{{(int)status}}}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.GetIdentityAsync(Id, TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<BackendUnavailableException>(exception);
    }

    [Fact(Timeout = Timeout)]
    public async Task AServiceUnavailableAnswerKeepsTheBackendsRetryAfter()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.ServiceUnavailable,
            """{"title":"The identity store is not reachable.","status":503}""",
            response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)));
        var client = new BackendClient(handler.CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.CreateIdentityAsync(
            new NewIdentity("Ada", "Lovelace", "ada@example.com", null), TestContext.Current.CancellationToken));

        // Assert
        var unavailable = Assert.IsType<BackendUnavailableException>(exception);
        Assert.Equal(TimeSpan.FromSeconds(5), unavailable.RetryAfter);
    }

    public static TheoryData<string> Outages => ["unreachable", "timed out", "circuit open", "total timeout"];

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Outages))]
    public async Task NoAnswerAtAllMeansTheBackendIsUnavailable(string outage)
    {
        // Arrange
        Exception thrown = outage switch
        {
            "unreachable" => new HttpRequestException("Connection refused (backend:8080)"),
            "timed out" => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."),
            "circuit open" => new BrokenCircuitException("The circuit is now open."),
            _ => new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:10'."),
        };
        var client = new BackendClient(CannedAnswers.Throwing(thrown).CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.ListIdentitiesAsync(20, null, null, TestContext.Current.CancellationToken));

        // Assert
        var unavailable = Assert.IsType<BackendUnavailableException>(exception);
        Assert.Same(thrown, unavailable.InnerException);
    }

    [Fact(Timeout = Timeout)]
    public async Task ABrowserThatGoesAwayIsNotReportedAsAnOutage()
    {
        // Arrange
        using var pageRequest = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await pageRequest.CancelAsync();
        var handler = new CannedAnswers(_ => throw new TaskCanceledException("The page request was aborted.", null, pageRequest.Token));
        var client = new BackendClient(handler.CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.GetIdentityAsync(Id, pageRequest.Token));

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(HttpStatusCode.PreconditionRequired)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    public async Task AnAnswerTheContractDoesNotAllowIsAnErrorNotAnOutage(HttpStatusCode status)
    {
        // Arrange
        var handler = CannedAnswers.Json(status, $$"""{"status":{{(int)status}}}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.UpdateIdentityAsync(Id, 1, Changes, TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<InvalidOperationException>(exception);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(HttpStatusCode.Forbidden, true)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    public async Task ARefusalIsTheUsersRightsNotAnOutageNorAnError(HttpStatusCode status, bool forbidden)
    {
        // Arrange
        var handler = CannedAnswers.Json(status, $$"""{"status":{{(int)status}}}""");
        var client = new BackendClient(handler.CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.ChangeStatusAsync(Id, 1, IdentityStatus.Verified, TestContext.Current.CancellationToken));

        // Assert
        var refused = Assert.IsType<BackendRefusedException>(exception);
        Assert.Equal(forbidden, refused.Forbidden);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnUnknownStatusInTheBodyIsAnErrorNotAnOutage()
    {
        // Arrange
        var handler = CannedAnswers.Json(HttpStatusCode.OK, AdaJson.Replace("\"verified\"", "\"archived\"", StringComparison.Ordinal));
        var client = new BackendClient(handler.CreateClient());

        // Act
        var exception = await Record.ExceptionAsync(() => client.GetIdentityAsync(Id, TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<JsonException>(exception);
    }
}
