using System.Text.Json;

namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>
/// Runs the hostile catalogue against the real backend and DynamoDB Local: every case gets its 4xx,
/// a problem naming what was wrong where the app answers, and the table is exactly as it was.
/// </summary>
[Collection(SharedBackend.Name)]
public sealed class HostileInputTests(BackendFixture fixture, HostileSeed seed) : IClassFixture<HostileSeed>
{
    private const int Timeout = 30_000;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    public static TheoryData<HostileCase> Catalogue => [.. HostileCatalogue.All()];

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Catalogue))]
    public async Task AHostileRequestGetsAClientErrorAndChangesNoStoredData(HostileCase hostile)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var fill = await seed.EnsureAsync(_client, fixture.Factory.Tokens, cancellationToken);
        using var request = hostile.ToRequest(fill);
        var before = await TableSnapshot.TakeAsync(fixture.DynamoDB.Client, fixture.DynamoDB.TableName, cancellationToken);

        // Act
        using var response = await _client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);

        // Assert
        Assert.True(hostile.ExpectedStatus == (int)response.StatusCode, $"{hostile.Name}: expected {hostile.ExpectedStatus}, got {(int)response.StatusCode} {body}");
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("X-Powered-By"));
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        if (hostile.ProblemFragment is { } fragment)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(hostile.ExpectedStatus, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            Assert.True(body.Contains(fragment, StringComparison.Ordinal), body);
        }

        var after = await TableSnapshot.TakeAsync(fixture.DynamoDB.Client, fixture.DynamoDB.TableName, cancellationToken);
        Assert.Equal(before, after);
    }

    [Fact]
    public void TheCatalogueHasAtLeastSixtyCasesWithDistinctNames()
    {
        // Act
        var names = HostileCatalogue.All().Select(hostile => hostile.Name).ToList();

        // Assert
        Assert.InRange(names.Count, 60, int.MaxValue);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }
}
