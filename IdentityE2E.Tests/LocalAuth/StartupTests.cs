using System.Diagnostics;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.LocalAuth;

/// <summary>The provider started as its own process, as the AppHost starts it, with one setting wrong.</summary>
public sealed class StartupTests
{
    private static ProcessStartInfo Provider(string urls, string password)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "IdentityE2E.LocalAuth", "bin", ChildProcess.Configuration, "net10.0", "IdentityE2E.LocalAuth.dll");
        return new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            Environment =
            {
                ["ASPNETCORE_URLS"] = urls,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["LocalAuth__KeysPath"] = Path.Combine(Path.GetTempPath(), "local-auth-startup-" + Guid.NewGuid().ToString("N")),
                ["LocalAuth__Users__editor__Password"] = password,
                ["LocalAuth__Users__editor__Groups__0"] = "editors",
            },
        };
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    public async Task ANonLoopbackUrlIsRefusedAtStart(string urls)
    {
        // Arrange
        var start = Provider(urls, "pw-" + Guid.NewGuid().ToString("N"));

        // Act
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        // Assert
        Assert.NotEqual(0, exitCode);
        Assert.Contains("loopback only", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserWithoutAPasswordFailsTheStartNamingTheKey()
    {
        // Arrange
        var start = Provider("http://127.0.0.1:0", password: "");

        // Act
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        // Assert
        Assert.NotEqual(0, exitCode);
        Assert.Contains("LocalAuth:Users:editor:Password", output, StringComparison.Ordinal);
    }
}
