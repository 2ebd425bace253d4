using System.Net;
using IdentityE2E.Frontend.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// The public frontend's rate limit: per client address (as forwarded by the load balancer), 429 with
/// Retry-After over the limit, health never limited, configured in section RateLimiting.
/// </summary>
public sealed class RateLimitingTests
{
    private const int Timeout = 60_000;
    private const int Limit = 3;

    // A window longer than any test, so that it cannot roll over between the requests.
    private static readonly Dictionary<string, string?> TinyLimit = new()
    {
        ["RateLimiting:PermitLimit"] = $"{Limit}",
        ["RateLimiting:Window"] = "00:01:00",
    };

    [Fact(Timeout = Timeout)]
    public async Task AClientOverTheLimitGetsTooManyRequestsWithRetryAfter()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", TinyLimit);
        using var client = await factory.CreateSignedInPublicClientAsync();
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await client.SendAsync(From("203.0.113.7", "/identities/new"), cancellationToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Act
        using var response = await client.SendAsync(From("203.0.113.7", "/identities/new"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.StartsWith("Too many requests.", await response.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task HealthChecksAreNeverLimited()
    {
        // Arrange: the client has used up its limit.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", TinyLimit);
        using var client = await factory.CreateSignedInPublicClientAsync();
        await UseUpTheLimitAsync(client, "203.0.113.7", cancellationToken);

        // Act
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Limit * 3; i++)
        {
            using var health = await client.SendAsync(From("203.0.113.7", i % 2 == 0 ? "/health" : "/alive"), cancellationToken);
            answers.Add(health.StatusCode);
        }

        // Assert
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/health/anything")]
    [InlineData("/alive/x")]
    [InlineData("/health/")]
    public async Task PathsUnderTheHealthChecksAreLimitedLikeAnyOther(string path)
    {
        // Arrange: the client has used up its limit; the probe paths themselves still answer.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", TinyLimit);
        using var client = await factory.CreateSignedInPublicClientAsync();
        await UseUpTheLimitAsync(client, "203.0.113.7", cancellationToken);

        // Act
        using var health = await client.SendAsync(From("203.0.113.7", "/health"), cancellationToken);
        using var alive = await client.SendAsync(From("203.0.113.7", "/alive"), cancellationToken);
        using var under = await client.SendAsync(From("203.0.113.7", path), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, under.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task EachClientAddressHasItsOwnLimit()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", TinyLimit);
        using var client = await factory.CreateSignedInPublicClientAsync();
        await UseUpTheLimitAsync(client, "203.0.113.7", cancellationToken);

        // Act
        using var other = await client.SendAsync(From("203.0.113.8", "/identities/new"), cancellationToken);
        using var same = await client.SendAsync(From("203.0.113.7", "/identities/new"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, same.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task BehindCloudFrontTheViewerNotTheEdgeServerIsLimited()
    {
        // Arrange: CloudFront appends the viewer's address, the load balancer CloudFront's; with a
        // forward limit of 2 the viewer is the client, whichever edge server carried the request.
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", new Dictionary<string, string?>(TinyLimit)
        {
            [Microsoft.Extensions.Hosting.EdgeContract.ForwardLimitKey] = "2",
        });
        using var client = await factory.CreateSignedInPublicClientAsync();
        await UseUpTheLimitAsync(client, "203.0.113.7, 198.51.100.1", cancellationToken);

        // Act
        using var sameViewerOtherEdge = await client.SendAsync(From("203.0.113.7, 198.51.100.2", "/identities/new"), cancellationToken);
        using var otherViewerSameEdge = await client.SendAsync(From("203.0.113.9, 198.51.100.1", "/identities/new"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, sameViewerOtherEdge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherViewerSameEdge.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task TurnedOffNoClientIsLimited()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new FrontendFactory("Production", new Dictionary<string, string?>(TinyLimit)
        {
            ["RateLimiting:Enabled"] = "false",
        });
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Limit * 3; i++)
        {
            using var response = await client.SendAsync(From("203.0.113.7", "/identities/new"), cancellationToken);
            answers.Add(response.StatusCode);
        }

        // Assert
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task TheLimitIsOnByDefaultAtAHundredRequestsPerTenSecondsPerClient()
    {
        // Arrange
        await using var factory = new FrontendFactory("Production");

        // Act
        var options = factory.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;

        // Assert
        Assert.True(options.Enabled);
        Assert.Equal(100, options.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Window);
        Assert.Equal(0, options.QueueLimit);
    }

    [Theory]
    [InlineData("RateLimiting:PermitLimit", "0", "PermitLimit")]
    [InlineData("RateLimiting:Window", "00:00:00", "Window")]
    [InlineData("RateLimiting:QueueLimit", "-1", "QueueLimit")]
    public async Task AnImpossibleSettingStopsTheStartNamingIt(string key, string value, string named)
    {
        // Arrange
        await using var factory = new FrontendFactory("Production", new Dictionary<string, string?> { [key] = value });

        // Act
        var exception = Record.Exception(() => factory.CreateClient());

        // Assert
        Assert.NotNull(exception);
        Assert.Contains(named, exception.ToString(), StringComparison.Ordinal);
    }

    private static async Task UseUpTheLimitAsync(HttpClient client, string forwardedFor, CancellationToken cancellationToken)
    {
        for (var i = 0; i <= Limit; i++)
        {
            using var response = await client.SendAsync(From(forwardedFor, "/identities/new"), cancellationToken);
        }
    }

    /// <summary>A request as the load balancer forwards it for a client at <paramref name="forwardedFor"/>.</summary>
    private static HttpRequestMessage From(string forwardedFor, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }
}
