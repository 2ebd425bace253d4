using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IdentityE2E.Tests.LocalAuth;

namespace IdentityE2E.Tests.Backend;

/// <summary>The backend pointed at a port where nothing listens: it must answer quickly and honestly.</summary>
public sealed class UnavailableDynamoDBTests : IAsyncLifetime
{
    private const int Timeout = 60_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private LocalAuthFactory _provider = null!;
    private BackendFactory _factory = null!;
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        // Its own provider, as it has its own backend: the requests are signed in, so only DynamoDB is missing.
        _provider = new LocalAuthFactory().Start();
        _factory = new BackendFactory($"http://127.0.0.1:{ClosedPort()}", "identities", _provider).Start();
        _client = _factory.CreateClient(Caller.Automation);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _provider.DisposeAsync();
    }

    public static TheoryData<string, string> Requests => new()
    {
        { "GET", IdentityRequests.Path },
        { "GET", $"{IdentityRequests.Path}/{Guid.CreateVersion7():N}" },
        { "POST", IdentityRequests.Path },
        { "DELETE", $"{IdentityRequests.Path}/{Guid.CreateVersion7():N}" },
    };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Requests))]
    public async Task RequestsWhileDynamoDBIsUnreachableReturnServiceUnavailableWithRetryAfter(string method, string path)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(IdentityRequests.NewIdentity());
        }

        var stopwatch = Stopwatch.StartNew();

        // Act
        using var response = await _client.SendAsync(request, cancellationToken);

        // Assert
        Assert.True(stopwatch.Elapsed < Bound, $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        await IdentityRequests.ReadProblemAsync(response, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task HealthIsUnhealthyButAliveIsHealthyWhileDynamoDBIsUnreachable()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var health = await _client.GetAsync("/health", cancellationToken);
        using var alive = await _client.GetAsync("/alive", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>A port that was free a moment ago and that nobody listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
