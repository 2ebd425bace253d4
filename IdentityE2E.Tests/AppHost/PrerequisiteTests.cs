using System.Diagnostics;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.AppHost;

public sealed class PrerequisiteTests
{
    [Fact]
    public async Task WithoutJavaOrAContainerRuntimeTheAppHostStopsAndSaysWhatToInstall()
    {
        // Arrange: an empty PATH hides java, docker, podman and node from the AppHost.
        var emptyPath = Directory.CreateTempSubdirectory("no-tools-").FullName;
        var appHost = Path.Combine(Projects.IdentityE2E_AppHost.ProjectPath, "bin", ChildProcess.Configuration, "net10.0", "IdentityE2E.AppHost");
        // The native launcher finds the runtime through DOTNET_ROOT when PATH has no dotnet.
        var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var start = new ProcessStartInfo(appHost)
        {
            Environment = { ["PATH"] = emptyPath, ["DOTNET_ROOT"] = dotnetRoot, ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true" },
        };

        // Act
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        // Assert
        Assert.NotEqual(0, exitCode);
        Assert.Contains("DynamoDB Local needs Java 17+ or a container runtime", output, StringComparison.Ordinal);
        Directory.Delete(emptyPath);
    }
}
