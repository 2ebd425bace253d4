using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Frontend;
using IdentityE2E.Tests.Frontend.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// The real AppHost, started once per test class that shares it, with DynamoDB Local in memory on Java so
/// that tests leave nothing behind and need no container runtime.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Every resource that run mode starts; each must turn healthy.</summary>
    public static readonly string[] Resources = ["dynamodb", "dynamodb-local", "identities", "keyring", "auth", "auth-local", "backend", "frontend", "dynamodb-admin"];

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        _app = await StartAsync([], TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Builds and starts the AppHost and waits until every resource is healthy; <paramref name="withDashboard"/> runs the
    /// dashboard too (on ports of its own, with its own browser token), and the services then send it their telemetry.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(string[] settings, CancellationToken cancellationToken, bool withDashboard = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = withDashboard },
            ["DynamoDB:Local:InMemory=true", "DynamoDB:Local:Runtime=Java", .. settings], timeout.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));

        // Tests run without the dashboard, so nothing listens for OTLP; a service that had the exporter on
        // would spend its exporter's 10 s timeout flushing at every stop, longer than DCP waits for it.
        // And every test request comes from 127.0.0.1, so the frontend's per-client rate limit (on by
        // default, tested on its own) is lifted for the suite.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                if (!withDashboard)
                {
                    context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                }

                context.EnvironmentVariables["RateLimiting__PermitLimit"] = "100000";
            });
        }

        // The test binaries carry the services' appsettings.json (AllowedHosts: localhost), which the AppHost's resource
        // service, running in this process, reads as well; it would refuse the dashboard, which calls it as 127.0.0.1.
        // Only its environment overrides that file, so the variable is set while the AppHost starts (the classes that
        // start a dashboard run alone, see AppHostWithDashboard) and the same loopback names are allowed.
        var allowedHosts = Environment.GetEnvironmentVariable("AllowedHosts");
        if (withDashboard)
        {
            Environment.SetEnvironmentVariable("AllowedHosts", "localhost;127.0.0.1;[::1]");
        }

        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            Environment.SetEnvironmentVariable("AllowedHosts", allowedHosts);
            var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
            await Task.WhenAll(Resources.Select(name => notifications.WaitForResourceHealthyAsync(name, timeout.Token)));
            return app;
        }
        catch
        {
            Environment.SetEnvironmentVariable("AllowedHosts", allowedHosts);
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A script-less browser on the frontend, signed in as a seeded user (<c>editor</c> or <c>viewer</c>).</summary>
    public async Task<FrontendSession> SignedInSessionAsync(string user = "editor", System.Net.CookieContainer? cookies = null)
    {
        var session = new FrontendSession(App.GetEndpoint("frontend", "http"), cookies);
        await session.SignInAsync(user, await StaffSignIn.PasswordOfAsync(App, user, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        return session;
    }

    /// <summary>A form-posting client on the frontend, signed in as a seeded user.</summary>
    public async Task<FormClient> SignedInFormClientAsync(string user = "editor")
    {
        var client = new FormClient(App.GetEndpoint("frontend", "http"));
        await client.SignInAsync(user, await StaffSignIn.PasswordOfAsync(App, user, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>A client for a service, with the resilience handler the services themselves use.</summary>
    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
