using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>What a resource is for, in one sentence, as the annotation <see cref="ResourceDescriptionAnnotation"/> and on the dashboard.</summary>
public static class ResourceDescriptions
{
    /// <summary>The dashboard property that shows the description.</summary>
    public const string PropertyName = "description";

    /// <summary>
    /// Says what the resource is for. The dashboard shows it as the property <c>description</c> in the resource's
    /// details (Aspire has no description field of its own); a second call replaces the first.
    /// </summary>
    public static IResourceBuilder<T> WithDescription<T>(this IResourceBuilder<T> builder, string description)
        where T : IResource
    {
        var first = !builder.Resource.Annotations.OfType<ResourceDescriptionAnnotation>().Any();
        if (builder.Resource is ParameterResource parameter)
        {
            // A parameter has a description of its own, which the dashboard shows with its value.
            parameter.Description = description;
        }

        builder.WithAnnotation(new ResourceDescriptionAnnotation(description), ResourceAnnotationMutationBehavior.Replace);
        if (first && builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            var resource = builder.Resource;
            // After the orchestrator has made its first snapshot, which later updates keep the property of.
            builder.ApplicationBuilder.Eventing.Subscribe<AfterResourcesCreatedEvent>((created, _) =>
                created.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource, snapshot => snapshot with
                {
                    Properties = [.. snapshot.Properties.Where(property => property.Name != PropertyName),
                        new ResourcePropertySnapshot(PropertyName, resource.Annotations.OfType<ResourceDescriptionAnnotation>().Last().Description)],
                }));
        }

        return builder;
    }
}

/// <summary>One sentence that says what a resource is for.</summary>
public sealed record ResourceDescriptionAnnotation(string Description) : IResourceAnnotation;
