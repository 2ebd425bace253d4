using System.Diagnostics;
using System.Globalization;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Backend.Aot;

/// <summary>
/// <c>--health</c>, the container health check without a shell: the service's own binary asks /alive of the
/// running service on loopback and exits 0 on 200, 1 otherwise. Run as the native binary and as the JIT build.
/// </summary>
[Collection(SharedAotBackend.Name)]
public sealed class HealthProbeTests(AotBackendFixture fixture)
{
    private const int Timeout = 60_000;
    private static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(20);

    private static readonly string[] ListeningVariables =
        ["HTTP_PORTS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "URLS", "ASPNETCORE_URLS", "DOTNET_URLS"];

    [Fact(Timeout = Timeout)]
    public async Task TheNativeBinaryExitsZeroWhenItsServiceIsAlive()
    {
        // Arrange: the port as the publisher gives it (HTTP_PORTS).
        var start = Probe(fixture.Executable, [], ("HTTP_PORTS", Port(fixture.Port)));

        // Act
        var (exitCode, output) = await ChildProcess.RunAsync(start, ProbeBound, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(exitCode == 0, output);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheNativeBinaryExitsOneWhenNothingListens()
    {
        // Arrange
        var start = Probe(fixture.Executable, [], ("ASPNETCORE_HTTP_PORTS", Port(AotBackendFixture.FreeTcpPort())));

        // Act
        var (exitCode, output) = await ChildProcess.RunAsync(start, ProbeBound, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("/alive", output, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheJitBuildProbesTheSameWayWithThePortFromItsUrls()
    {
        // Arrange: a framework-dependent service run by dotnet, its port in ASPNETCORE_URLS.
        var dll = Path.Combine(RepositoryRoot.Path, "IdentityE2E.Backend", "bin", ChildProcess.Configuration, "net10.0", "IdentityE2E.Backend.dll");
        var alive = Probe("dotnet", [dll], ("ASPNETCORE_URLS", $"http://127.0.0.1:{Port(fixture.Port)}"));
        var dead = Probe("dotnet", [dll], ("ASPNETCORE_URLS", $"http://+:{Port(AotBackendFixture.FreeTcpPort())}"));

        // Act
        var up = await ChildProcess.RunAsync(alive, ProbeBound, TestContext.Current.CancellationToken);
        var down = await ChildProcess.RunAsync(dead, ProbeBound, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(up.ExitCode == 0, up.Output);
        Assert.Equal(1, down.ExitCode);
    }

    private static ProcessStartInfo Probe(string fileName, string[] arguments, (string Name, string Value) listening)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments.Append("--health"))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in ListeningVariables)
        {
            start.Environment.Remove(variable);
        }

        start.Environment[listening.Name] = listening.Value;
        return start;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
