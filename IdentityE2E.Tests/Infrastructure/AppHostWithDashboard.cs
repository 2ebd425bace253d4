namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// Test classes that start the AppHost with its dashboard run alone: while it starts, the process environment allows
/// the loopback address as a host name (see <see cref="AppHostFixture.StartAsync"/>), which no other test should see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostWithDashboard
{
    public const string Name = "AppHost with dashboard";
}
