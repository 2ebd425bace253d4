using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityE2E.Tests.AppHost;

/// <summary>
/// The real AppHost with <c>DynamoDB:Mode=Aws</c> against a fake AWS CLI (no account is reachable here). The services
/// cannot reach DynamoDB with the fake answers, so these tests look at the model, the environment and the logs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AwsModeTests
{
    private const string Profile = "identitye2e-test";
    private const string Region = "eu-west-1";

    [Fact]
    public async Task TheServicesGetTheStacksTableNamesAndTheProfileAndTheDashboardShowsTheStackEvents()
    {
        // Arrange
        var stack = $"identitye2e-test-{Guid.NewGuid():N}"[..32];
        using var aws = FakeAwsCli.Create(stack, credentialsExpired: false);
        using var timeout = Timeout();
        await using var app = await BuildAsync(aws, stack, new ConsoleLines(), timeout.Token);
        var log = Watch(app, "dynamodb", timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

        // Act: the start never completes here, because the frontend waits for a backend that cannot reach the fake tables.
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var start = app.StartAsync(starting.Token);
        await notifications.WaitForResourceAsync("dynamodb", KnownResourceStates.Running, timeout.Token);
        var backend = await notifications.WaitForResourceAsync(
            "backend", e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == "AWS__Resources__identities__TableName" && v.IsFromSpec), timeout.Token);
        await starting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);

        // Assert
        var environment = backend.Snapshot.EnvironmentVariables.Where(v => v.IsFromSpec).DistinctBy(v => v.Name).ToDictionary(v => v.Name, v => v.Value);
        Assert.Equal(FakeAwsCli.PhysicalName(stack, "IdentitiesTable"), environment["AWS__Resources__identities__TableName"]);
        Assert.Equal(Profile, environment["AWS_PROFILE"]);
        Assert.Equal(Region, environment["AWS_REGION"]);
        Assert.DoesNotContain("AWS_ENDPOINT_URL_DYNAMODB", environment.Keys);
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", environment.Keys);

        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, r => r.Name is "dynamodb-local" or "dynamodb-admin");

        await Poll.UntilAsync(() => log.Any(line => line.Contains("IdentitiesTable CREATE_COMPLETE", StringComparison.Ordinal)), timeout.Token);
        Assert.Contains(log, line => line.Contains("Signed in as arn:aws:sts::123456789012:assumed-role/Developer/alice", StringComparison.Ordinal));
        Assert.Contains($"sts get-caller-identity --profile {Profile} --region {Region} --output json", aws.Calls);
        var deploy = Assert.Single(aws.Calls, call => call.StartsWith("cloudformation deploy", StringComparison.Ordinal));
        Assert.StartsWith($"cloudformation deploy --stack-name {stack} --template-file ", deploy, StringComparison.Ordinal);
        Assert.Contains($"cloudformation describe-stacks --stack-name {stack} --profile {Profile} --region {Region} --output json", aws.Calls);
    }

    [Fact]
    public async Task ExpiredCredentialsStopDynamoDBWithTheCommandThatSignsInOnTheDashboardAndTheConsole()
    {
        // Arrange
        var stack = $"identitye2e-test-{Guid.NewGuid():N}"[..32];
        using var aws = FakeAwsCli.Create(stack, credentialsExpired: true);
        using var timeout = Timeout();
        var console = new ConsoleLines();
        await using var app = await BuildAsync(aws, stack, console, timeout.Token);
        var log = Watch(app, "dynamodb", timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

        // Act
        await app.StartAsync(timeout.Token);
        var failed = await notifications.WaitForResourceAsync("dynamodb", e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, timeout.Token);

        // Assert
        var problem = Assert.Single(failed.Snapshot.Properties, p => p.Name == "aws.problem");
        Assert.Contains($"AWS profile '{Profile}' has no valid credentials (Error when retrieving token from sso", problem.Value?.ToString(), StringComparison.Ordinal);
        await Poll.UntilAsync(() => log.Any(line => line.Contains($"Run 'aws sso login --profile {Profile}'", StringComparison.Ordinal)), timeout.Token);
        Assert.Contains(console.Lines, line => line.Contains($"Run 'aws sso login --profile {Profile}'", StringComparison.Ordinal));
        await notifications.WaitForResourceAsync("identities", KnownResourceStates.FailedToStart, timeout.Token);
        Assert.Equal([$"sts get-caller-identity --profile {Profile} --region {Region} --output json"], aws.Calls);
    }

    private static CancellationTokenSource Timeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(AppHostFixture.StartTimeout);
        return timeout;
    }

    private static async Task<DistributedApplication> BuildAsync(FakeAwsCli aws, string stack, ConsoleLines console, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Mode=Aws", $"AWS:Profile={Profile}", $"AWS:Region={Region}", $"AWS:Cli={aws.Executable}",
             $"DynamoDB:Stack={stack}", "DynamoDB:StackEventsInterval=00:00:00.500"],
            cancellationToken);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning)
            // Expected here, and loud: the backend's failing health probes against fake tables, and the start given up.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
            .AddProvider(console));
        return await builder.BuildAsync(cancellationToken);
    }

    /// <summary>Collects a resource's console log, as the dashboard shows it, from before the start on.</summary>
    private static ConcurrentQueue<string> Watch(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var lines = new ConcurrentQueue<string>();
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(cancellationToken))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        }, cancellationToken);
        return lines;
    }

    /// <summary>What the AppHost writes to its console (the AWS mode's category), as lines.</summary>
    private sealed class ConsoleLines : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => category.StartsWith("IdentityE2E", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
