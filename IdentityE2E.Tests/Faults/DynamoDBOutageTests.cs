using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Frontend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Faults;

public sealed class DynamoDBOutageTests
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StoppingDynamoDBLocalWhileWritesFlowGivesServiceUnavailableAndLosesNoAcknowledgedWrite()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var scenario = await FaultScenario.StartAsync(cancellationToken);
        using var backend = await scenario.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        using var frontend = new FrontendSession(scenario.App.GetEndpoint("frontend", "http"));
        await frontend.SignInAsync("editor", await StaffSignIn.PasswordOfAsync(scenario.App, "editor", cancellationToken), cancellationToken);
        var backendProcess = await scenario.ProcessIdAsync("backend", cancellationToken);
        var frontendProcess = await scenario.ProcessIdAsync("frontend", cancellationToken);
        var log = new FaultScenario.WriteLog();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() => FaultScenario.WriteUntilAsync(backend, log, stopWriting.Token), cancellationToken);
        await Poll.UntilAsync(() => log.DurableBefore(DateTime.UtcNow).Length >= 5, cancellationToken);

        // Act: the outage
        var stoppedAt = DateTime.UtcNow;
        await scenario.StopAsync("dynamodb-local", cancellationToken);
        await scenario.WaitUntilStoppedAsync("dynamodb-local", cancellationToken);
        var clock = Stopwatch.StartNew();
        using var write = await backend.PostIdentityAsync(IdentityRequests.NewIdentity(), cancellationToken);
        var writeAnsweredAfter = clock.Elapsed;
        var readiness = await Poll.UntilAsync(() => backend.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable, cancellationToken);
        using var liveness = await backend.GetAsync(new Uri("/alive", UriKind.Relative), cancellationToken);
        using var page = await frontend.GetAsync("/", cancellationToken);
        var pageText = await page.Content.ReadAsStringAsync(cancellationToken);

        // Act: the recovery, with nothing restarted but DynamoDB Local
        await scenario.StartAsync("dynamodb-local", cancellationToken);
        await scenario.WaitUntilHealthyAsync("backend", cancellationToken);
        var acknowledgedBeforeRecovery = log.Acknowledged.Count;
        await Poll.UntilAsync(() => log.Acknowledged.Count > acknowledgedBeforeRecovery, cancellationToken);
        await stopWriting.CancelAsync();
        await writer;
        using var pageAfter = await frontend.GetAsync("/", cancellationToken);

        // Assert: bounded, readable failure
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(write.Headers.RetryAfter);
        Assert.True(writeAnsweredAfter < AnswerBound, $"the backend took {writeAnsweredAfter} to answer during the outage");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("not reachable", pageText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", pageText, StringComparison.Ordinal);
        Assert.All(log.Statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));

        // Assert: recovery without restarts, and every acknowledged write kept
        Assert.Equal(HttpStatusCode.OK, pageAfter.StatusCode);
        Assert.NotNull(backendProcess);
        Assert.Equal(backendProcess, await scenario.ProcessIdAsync("backend", cancellationToken));
        Assert.Equal(frontendProcess, await scenario.ProcessIdAsync("frontend", cancellationToken));
        await scenario.AssertNoDurableWriteLostAsync(backend, log, stoppedAt, cancellationToken);
    }
}
