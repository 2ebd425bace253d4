using System.Diagnostics;
using System.Globalization;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Faults;

public sealed class DynamoDBCrashTests
{
    private const int Writers = 4;
    private const int StrictlyChecked = 30;

    [Fact]
    public async Task KillingDynamoDBLocalDuringABurstOfWritesLosesNoAcknowledgedWriteAndOrphansNoReservation()
    {
        // Arrange: a burst of concurrent creates against a persistent DynamoDB Local
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var scenario = await FaultScenario.StartAsync(cancellationToken);
        using var backend = await scenario.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        var log = new FaultScenario.WriteLog();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writers = Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() => FaultScenario.WriteUntilAsync(backend, log, stopWriting.Token), cancellationToken))
            .ToArray();
        // Long enough that most of the burst lies outside DynamoDB Local's commit lag and is checked strictly.
        await Poll.UntilAsync(() => log.DurableBefore(DateTime.UtcNow).Length >= StrictlyChecked, cancellationToken);
        var pid = Convert.ToInt32(await scenario.ProcessIdAsync("dynamodb-local", cancellationToken), CultureInfo.InvariantCulture);

        // Act: SIGKILL mid-burst, then start it again
        var killedAt = DateTime.UtcNow;
        using (var emulator = Process.GetProcessById(pid))
        {
            emulator.Kill();
        }

        await scenario.WaitUntilStoppedAsync("dynamodb-local", cancellationToken);
        await stopWriting.CancelAsync();
        await Task.WhenAll(writers);
        await scenario.StartAsync("dynamodb-local", cancellationToken);
        await scenario.WaitUntilHealthyAsync("backend", cancellationToken);

        // Assert: everything acknowledged survived, and the uniqueness items agree with the identities
        Assert.All(log.Statuses, status => Assert.NotEqual(HttpStatusCode.InternalServerError, status));
        await scenario.AssertNoDurableWriteLostAsync(backend, log, killedAt, cancellationToken);
    }
}
