using System.Net;
using System.Net.Http.Headers;

namespace IdentityE2E.Tests.Backend.Auth;

/// <summary>Bearer tokens against the real backend: who gets in, who may write, and how refusals look.</summary>
[Collection(SharedBackend.Name)]
public sealed class SignInTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;

    public static TheoryData<RefusedToken> RefusedTokens => [.. Enum.GetValues<RefusedToken>()];

    [Fact(Timeout = Timeout)]
    public async Task ARequestWithoutATokenIsUnauthorizedWithABearerChallengeAndAProblem()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();

        // Act
        using var response = await client.GetAsync(IdentityRequests.Path, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
    }

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(RefusedTokens))]
    public async Task ARefusedTokenIsUnauthorizedAndTheAnswerSaysNothingAboutIt(RefusedToken reason)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var token = await fixture.Factory.Tokens.RefusedAsync(reason, cancellationToken);
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Act
        using var response = await client.GetAsync(IdentityRequests.Path, cancellationToken);

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{reason}: {response.StatusCode}");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Null(Assert.Single(response.Headers.WwwAuthenticate).Parameter);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.All(["automation", "intruder", "elsewhere", "expired", "signature", "IDX"], leak => Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact(Timeout = Timeout)]
    public async Task AProviderTokenSignedAgainWithTheProvidersKeyIsTheSameTokenSoTheForgeriesDifferOnlyInTheirFlaw()
    {
        // Arrange: the expired and the user-as-machine tokens are made this way, with one claim changed.
        var cancellationToken = TestContext.Current.CancellationToken;
        var real = await fixture.Factory.Tokens.ForAsync(Caller.Automation, cancellationToken);

        // Act
        var resigned = ForgedTokens.WithProviderKey(fixture.Provider, real, _ => { });

        // Assert: RS256 signatures are deterministic, so header, claims and key all match the provider's.
        Assert.Equal(real, resigned);
    }

    [Fact(Timeout = Timeout)]
    public async Task AViewerMayReadButWritingIsForbiddenWithAProblem()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var viewer = fixture.Factory.CreateClient(Caller.Viewer);

        // Act
        using var read = await viewer.GetAsync(IdentityRequests.Path, cancellationToken);
        using var write = await viewer.PostIdentityAsync(IdentityRequests.NewIdentity(), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        await IdentityRequests.ReadProblemAsync(write, cancellationToken);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(Caller.Editor)]
    [InlineData(Caller.Automation)]
    public async Task EditorsAndTheAutomationClientMayChangeIdentitiesAndAreRecordedAsTheAuthor(Caller caller)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient(caller);
        var subject = await fixture.Factory.Tokens.SubjectOfAsync(caller, cancellationToken);

        // Act
        var created = await client.CreateIdentityAsync(cancellationToken);
        using var status = await client.PutStatusAsync(created.Id, new { status = "verified" }, "\"1\"", cancellationToken);
        using var delete = await client.DeleteIdentityAsync(created.Id, cancellationToken, "\"2\"");

        // Assert
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NoContent), (status.StatusCode, delete.StatusCode));
        Assert.Equal((subject, subject), (created.CreatedBy, created.UpdatedBy));
        var history = await client.GetExistingHistoryAsync(created.Id, cancellationToken);
        Assert.All(history.Items, entry => Assert.Equal(subject, entry.By));
    }

    [Fact(Timeout = Timeout)]
    public async Task AnEditorsChangeRecordsTheEditorAsTheLastAuthorOnly()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var automation = fixture.Factory.CreateClient(Caller.Automation);
        using var editor = fixture.Factory.CreateClient(Caller.Editor);
        var created = await automation.CreateIdentityAsync(cancellationToken);

        // Act
        using var response = await editor.PutStatusAsync(created.Id, new { status = "rejected" }, "\"1\"", cancellationToken);
        var changed = await IdentityRequests.ReadIdentityAsync(response, cancellationToken);

        // Assert
        Assert.Equal(
            (await fixture.Factory.Tokens.SubjectOfAsync(Caller.Automation, cancellationToken), await fixture.Factory.Tokens.SubjectOfAsync(Caller.Editor, cancellationToken)),
            (changed.CreatedBy, changed.UpdatedBy));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/openapi/v1.json")]
    public async Task HealthAndTheApiDescriptionNeedNoToken(string path)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = fixture.Factory.CreateClient();

        // Act
        using var response = await client.GetAsync(path, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
