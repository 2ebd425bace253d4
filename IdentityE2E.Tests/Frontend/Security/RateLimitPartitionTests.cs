extern alias frontend;

using System.Net;
using frontend::IdentityE2E.Frontend.Security;
using Microsoft.AspNetCore.Http;

namespace IdentityE2E.Tests.Frontend.Security;

public sealed class RateLimitPartitionTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void ClientsAreCountedByAddressAndIPv6ClientsByTheirSlash64(string address, string client)
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        // Act
        var partition = ClientRateLimiter.ClientOf(context);

        // Assert
        Assert.Equal(client, partition);
    }
}
