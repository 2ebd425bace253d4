using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityE2E.Tests.Samples;

/// <summary>
/// The sample AppHost, started once for the class with DynamoDB Local in memory on Java, until the notes service
/// is healthy. Its WaitFor chain means its table, the sign-in provider and the backend are up by then too.
/// </summary>
public sealed class NotesAppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The sample AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_Samples_AppHost>(
            ["DynamoDB:Local:InMemory=true", "DynamoDB:Local:Runtime=Java"], timeout.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));

        // No dashboard listens for OTLP here (see AppHostFixture).
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync("notes", timeout.Token);
    }

    /// <summary>A plain client on the notes service, so that every status code reaches the test as it is.</summary>
    public HttpClient CreateNotesClient() => new() { BaseAddress = App.GetEndpoint("notes", "http"), Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
