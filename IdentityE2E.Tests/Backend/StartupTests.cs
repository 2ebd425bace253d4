using System.Diagnostics;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Backend;

/// <summary>The backend started as its own process, the way ECS starts it, with one setting wrong.</summary>
public sealed class StartupTests
{
    private const string SigningKey = "startup-tests-signing-key-0123456789abcdef";

    [Theory]
    [InlineData("AWS__Resources__identities__TableName", "", "AWS:Resources:identities:TableName")]
    [InlineData("Cursor__SigningKey", "", "Cursor:SigningKey")]
    [InlineData("Cursor__SigningKey", "too-short", "Cursor:SigningKey")]
    [InlineData("Auth__Authority", "", "Auth:Authority")]
    [InlineData("Auth__Authority", "not a url", "Auth:Authority")]
    [InlineData("Auth__RequireHttpsMetadata", "true", "Auth:Authority")]
    [InlineData("Auth__Clients__automation", "", "Auth:Clients")]
    public async Task StartingWithoutARequiredSettingFailsNamingItsKey(string variable, string value, string named)
    {
        // Arrange
        var backend = Path.Combine(RepositoryRoot.Path, "IdentityE2E.Backend", "bin", ChildProcess.Configuration, "net10.0", "IdentityE2E.Backend.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { backend },
            Environment =
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["AWS_REGION"] = "us-east-1",
                ["AWS__Resources__identities__TableName"] = "identities",
                ["Cursor__SigningKey"] = SigningKey,
                ["Auth__Authority"] = "http://127.0.0.1:9/",
                ["Auth__RequireHttpsMetadata"] = "false",
                ["Auth__Clients__automation"] = "automation",
                [variable] = value,
            },
        };

        // Act
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        // Assert
        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }
}
