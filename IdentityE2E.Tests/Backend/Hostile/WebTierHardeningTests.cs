using System.Net;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>What the web tier gives away: no server make, no exception text, health as a bare word.</summary>
[Collection(SharedBackend.Name)]
public sealed class WebTierHardeningTests(BackendFixture fixture)
{
    private const int Timeout = 30_000;

    // What would tell an attacker about the code, its exceptions or where its data lives.
    private static readonly string[] Leaks =
    [
        "Exception", "   at ", "IdentityE2E.", "System.", "Amazon", "LineNumber", "BytePosition", "was not present",
        "127.0.0.1", "localhost", "http://", "stackTrace", "innerException",
    ];

    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Theory(Timeout = Timeout)]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/api/identities")]
    [InlineData("/api/identities/0123456789abcdef0123456789abcdef")]
    [InlineData("/nowhere")]
    public async Task ResponsesNameNeitherTheServerNorTheFramework(string path)
    {
        // Act
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("X-Powered-By"));
        Assert.False(response.Headers.Contains("X-AspNet-Version"));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpointsAnswerOnlyTheStatusWord(string path)
    {
        // Act
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body);
        Assert.DoesNotContain(fixture.DynamoDB.TableName, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnInternalErrorAnswersWithAProblemThatHidesTheException()
    {
        // Arrange: an identity item damaged outside the API (no givenName), which the backend cannot read.
        var cancellationToken = TestContext.Current.CancellationToken;
        var id = Guid.CreateVersion7().ToString("N");
        var key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = $"identity#{id}" } };
        await fixture.DynamoDB.Client.PutItemAsync(new PutItemRequest
        {
            TableName = fixture.DynamoDB.TableName,
            Item = new(key) { ["id"] = new() { S = id }, ["version"] = new() { N = "1" } },
        }, cancellationToken);

        try
        {
            // Act
            using var response = await _client.GetIdentityAsync(id, cancellationToken);

            // Assert
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            await IdentityRequests.ReadProblemAsync(response, cancellationToken);
            AssertLeaksNothing(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        finally
        {
            await fixture.DynamoDB.Client.DeleteItemAsync(fixture.DynamoDB.TableName, key, cancellationToken);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task AnUnreadableBodyAnswersWithoutTheParsersMessage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.PostRawIdentityAsync("""{"givenName": Ada}""", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        AssertLeaksNothing(body);
        Assert.DoesNotContain("invalid start of a value", body, StringComparison.Ordinal);
    }

    private void AssertLeaksNothing(string body)
    {
        Assert.All(Leaks, leak => Assert.DoesNotContain(leak, body, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.DynamoDB.TableName, body, StringComparison.Ordinal);
    }
}
