using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityE2E.Tests.Hosting;

/// <summary>"Reset data" deletes every item of a table, so it must never be offered where DynamoDB is not the emulator.</summary>
public sealed class ResetDataCommandTests
{
    [Fact(Timeout = 60_000)]
    public async Task WithoutDynamoDBLocalResetDataIsHiddenAndRefusesToRun()
    {
        // Arrange: DynamoDB without RunAsEmulator, as a real-AWS run has it.
        var builder = DistributedApplication.CreateBuilder([]);
        var table = builder.AddDynamoDB("dynamodb").AddTable("things", definition => definition.WithPartitionKey("pk")).WithResetDataCommand();
        var command = table.Resource.Annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == DynamoDBTableResetCommand.Name);
        await using var services = new ServiceCollection().BuildServiceProvider();

        // Act
        var state = command.UpdateState(new UpdateCommandStateContext
        {
            ResourceSnapshot = new CustomResourceSnapshot { ResourceType = "DynamoDBTable", Properties = [], State = KnownResourceStates.Running },
            Services = services,
        });
        var result = await command.ExecuteCommand(new ExecuteCommandContext
        {
            ResourceName = "things",
            Services = services,
            CancellationToken = TestContext.Current.CancellationToken,
            Arguments = new InteractionInputCollection([]),
            Logger = NullLogger.Instance,
        });

        // Assert
        Assert.Equal(ResourceCommandState.Hidden, state);
        Assert.False(result.Success);
        Assert.NotNull(command.ConfirmationMessage);
    }
}
