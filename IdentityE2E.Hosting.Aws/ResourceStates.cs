using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Moves a resource that no orchestrator runs (the DynamoDB and user-pool stand-ins) to a new state on the dashboard.</summary>
internal static class ResourceStates
{
    public static Task PublishAsync(
        IResource resource, IServiceProvider services, string state, ResourcePropertySnapshot? property = null) =>
        services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource, snapshot => snapshot with
        {
            State = state,
            StartTimeStamp = state == KnownResourceStates.Running ? snapshot.StartTimeStamp ?? DateTime.UtcNow : snapshot.StartTimeStamp,
            Properties = property is null
                ? snapshot.Properties
                : [.. snapshot.Properties.Where(existing => existing.Name != property.Name), property],
        });
}
