using System.Diagnostics;
using System.Net;
using IdentityE2E.Frontend.Identities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityE2E.Tests.Frontend;

/// <summary>
/// The BackendClient as the frontend registers it (service defaults, then AddBackendClient), with only
/// the network replaced: which requests the resilience handler repeats and how long a page may wait.
/// </summary>
public sealed class BackendClientResilienceTests
{
    private const int Timeout = 30_000;
    private const string Id = "0192f0c4a1b27c3d8e9f00112233aabb";

    [Fact(Timeout = Timeout)]
    public async Task ACreateIsSentOnlyOnceEvenWhenTheBackendFails()
    {
        // Arrange
        var network = CannedAnswers.Status(HttpStatusCode.ServiceUnavailable);
        using var host = BuildFrontendServices(network);
        var client = host.Services.GetRequiredService<BackendClient>();

        // Act
        var exception = await Record.ExceptionAsync(() => client.CreateIdentityAsync(
            new NewIdentity("Ada", "Lovelace", "ada@example.com", null), TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<BackendUnavailableException>(exception);
        Assert.Single(network.Sent);
    }

    [Fact(Timeout = Timeout)]
    public async Task AReadIsRepeatedAfterATransientFailure()
    {
        // Arrange
        var attempts = 0;
        var network = new CannedAnswers(_ => Interlocked.Increment(ref attempts) == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"items":[],"nextCursor":null}""") });
        using var host = BuildFrontendServices(network);
        var client = host.Services.GetRequiredService<BackendClient>();

        // Act
        var page = await client.ListIdentitiesAsync(20, null, null, TestContext.Current.CancellationToken);

        // Assert
        Assert.NotNull(page);
        Assert.Equal(2, network.Sent.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task AHungBackendIsGivenUpOnWithinAboutTenSeconds()
    {
        // Arrange
        var network = new HangingNetwork();
        using var host = BuildFrontendServices(network);
        var client = host.Services.GetRequiredService<BackendClient>();
        var clock = Stopwatch.StartNew();

        // Act
        var exception = await Record.ExceptionAsync(() => client.GetIdentityAsync(Id, TestContext.Current.CancellationToken));

        // Assert
        Assert.IsType<BackendUnavailableException>(exception);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void TheClientHasOneResilienceHandlerNotTheSharedOnePlusItsOwn()
    {
        // Arrange
        using var host = BuildFrontendServices(CannedAnswers.Status(HttpStatusCode.OK));
        var factory = host.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        // Act
        var names = new List<string>();
        for (HttpMessageHandler? handler = factory.CreateHandler(nameof(BackendClient)); handler is DelegatingHandler delegating; handler = delegating.InnerHandler)
        {
            names.Add(delegating.GetType().Name);
        }

        // Assert
        Assert.Single(names, name => name == "ResilienceHandler");
        Assert.Contains(names, name => name.Contains("Resolving", StringComparison.Ordinal));
    }

    private static IHost BuildFrontendServices(HttpMessageHandler network)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["services:backend:http:0"] = "http://backend.test";
        builder.AddServiceDefaults();
        builder.AddBackendClient();
        builder.Services.AddHttpClient<BackendClient>().ConfigurePrimaryHttpMessageHandler(() => network);
        return builder.Build();
    }

    /// <summary>A backend that accepts the connection and never answers.</summary>
    private sealed class HangingNetwork : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
