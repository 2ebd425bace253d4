using System.Net;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// A service answers only to the names it is meant to have (AllowedHosts plus this machine's loopback), so
/// no link, redirect or cookie is ever built on a Host header an attacker chose.
/// </summary>
public sealed class HostFilteringTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task InTheCloudAHostOtherThanThePublicNameIsRefused()
    {
        // Arrange
        await using var factory = new FrontendFactory("Production");
        using var client = factory.CreatePublicClient();

        // Act
        using var response = await client.SendAsync(WithHost("/health", "attacker.example"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(FrontendFactory.PublicHost)]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task InTheCloudThePublicNameAndLoopbackAreAnswered(string host)
    {
        // Arrange
        await using var factory = new FrontendFactory("Production");
        using var client = factory.CreatePublicClient();

        // Act
        using var response = await client.SendAsync(WithHost("/health", host), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task InTheCloudTheTasksOwnAddressIsAnsweredForTheLoadBalancersHealthCheck()
    {
        // Arrange: the load balancer sends Host: <task IP>:8080, which no configuration knows in advance.
        var ownAddress = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(adapter => adapter.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
        Assert.SkipWhen(ownAddress is null, "This machine has no IPv4 address besides loopback.");
        await using var factory = new FrontendFactory("Production");
        using var client = factory.CreatePublicClient();

        // Act
        using var response = await client.SendAsync(WithHost("/health", $"{ownAddress}:8080"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(FrontendFactory.PublicHost, HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    public async Task InDevelopmentOnlyLoopbackNamesAreAnswered(string host, HttpStatusCode expected)
    {
        // Arrange
        await using var factory = new FrontendFactory("Development");
        using var client = factory.CreatePublicClient();

        // Act
        using var response = await client.SendAsync(WithHost("/health", host), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
    }

    private static HttpRequestMessage WithHost(string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return request;
    }
}
