using System.Net;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Faults;

public sealed class DynamoDBRestartTests
{
    [Fact]
    public async Task RestartingAnInMemoryDynamoDBLocalRecreatesTheTablesAndTheBackendCarriesOn()
    {
        // Arrange: in memory, so a restart loses the tables with the data
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var scenario = await FaultScenario.StartAsync(cancellationToken, "DynamoDB:Local:InMemory=true");
        using var backend = await scenario.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);

        // Act
        await scenario.StopAsync("dynamodb-local", cancellationToken);
        await scenario.WaitUntilStoppedAsync("dynamodb-local", cancellationToken);
        await scenario.StartAsync("dynamodb-local", cancellationToken);
        await scenario.WaitUntilHealthyAsync("identities", cancellationToken);
        await scenario.WaitUntilHealthyAsync("backend", cancellationToken);
        using var created = await Poll.UntilAsync(() => backend.PostIdentityAsync(IdentityRequests.NewIdentity(), cancellationToken),
            r => r.StatusCode == HttpStatusCode.Created, cancellationToken, TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
