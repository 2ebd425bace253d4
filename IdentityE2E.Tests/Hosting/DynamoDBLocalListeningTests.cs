using System.Globalization;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Hosting;

/// <summary>Where DynamoDB Local, started as the AppHost starts it, accepts connections.</summary>
public sealed class DynamoDBLocalListeningTests
{
    // 127.0.0.1 as the kernel writes it, as IPv4 and as IPv4-mapped IPv6.
    private static readonly string[] Loopback = ["0100007F", "0000000000000000FFFF00000100007F"];

    private static readonly string[] SocketTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    [Fact]
    public async Task DynamoDBLocalListensOnLoopbackOnly()
    {
        // Arrange (the fixture bounds its own start; nothing here waits on anything else)
        Assert.SkipUnless(File.Exists("/proc/net/tcp"), "The listening sockets are read from Linux's /proc/net.");
        await using var dynamodb = new DynamoDBLocalFixture();

        // Act
        await dynamodb.InitializeAsync();
        var port = new Uri(dynamodb.ServiceUrl).Port;
        var listeners = ListeningAddresses(port);

        // Assert: never 0.0.0.0 or ::, which any machine on the network could reach.
        Assert.NotEmpty(listeners);
        Assert.All(listeners, address => Assert.Contains(address, Loopback));
    }

    /// <summary>The local addresses (hex, as the kernel writes them) of the sockets listening on <paramref name="port"/>.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var wanted = port.ToString("X4", CultureInfo.InvariantCulture);
        return [.. SocketTables
            .Where(File.Exists)
            .SelectMany(path => File.ReadLines(path).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == Listen && fields[1].EndsWith(":" + wanted, StringComparison.Ordinal))
            .Select(fields => fields[1][..fields[1].IndexOf(':', StringComparison.Ordinal)])];
    }
}
