using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Marks a resource as a job: the publisher makes it an ECS task definition that runs on demand, not a service.</summary>
public static class EcsTaskBuilderExtensions
{
    /// <summary>The manifest type of the marker entry (docs/contracts.md, "Jobs: one-off tasks").</summary>
    public const string ManifestType = "aws.ecs.task.v0";

    /// <summary>
    /// Publishes the project or container as an ECS task definition that <c>run-task</c> starts on demand, with no
    /// service, route or autoscaling. The manifest gets a marker entry <c>&lt;name&gt;-task</c> next to the resource's own,
    /// because Aspire writes a project's entry with a writer of its own that cannot be extended. In run mode it does
    /// nothing; calling it twice, or anywhere in the chain, gives the same manifest.
    /// </summary>
    /// <param name="configure">
    /// For a container: what its image needs (user, opt-outs with reasons), written as <c>ecs</c> into its entry as
    /// PublishAsEcsService does; a health path is not used, a job has none. A project takes the publisher's defaults.
    /// </param>
    public static IResourceBuilder<T> PublishAsEcsTask<T>(this IResourceBuilder<T> builder, Action<EcsServiceOptions>? configure = null)
        where T : IResourceWithEnvironment
    {
        var resource = builder.Resource;
        if (resource is not (ProjectResource or ContainerResource))
        {
            throw new InvalidOperationException(
                $"'{resource.Name}' is a {resource.GetType().Name}; PublishAsEcsTask is for AddProject, AddContainer and AddDockerfile resources.");
        }

        var isJob = resource.Annotations.OfType<EcsTaskAnnotation>().Any();
        if (!isJob && resource.Annotations.OfType<EcsServiceAnnotation>().Any())
        {
            throw new InvalidOperationException(
                $"'{resource.Name}' is already published as an ECS service (PublishAsEcsService); a resource is either a service or a job.");
        }

        if (configure is not null)
        {
            if (resource is ProjectResource)
            {
                throw new InvalidOperationException(
                    $"'{resource.Name}' is a .NET project, which the publisher runs with its own hardening; configure is for AddContainer and AddDockerfile jobs.");
            }

            EcsServiceBuilderExtensions.ConfigureEcs(builder, configure);
        }

        if (isJob)
        {
            return builder;
        }

        builder.WithAnnotation(new EcsTaskAnnotation());
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            builder.ApplicationBuilder.AddResource(new EcsTaskResource($"{resource.Name}-task", resource))
                .WithManifestPublishingCallback(context =>
                {
                    context.Writer.WriteString("type", ManifestType);
                    context.Writer.WriteString("resource", resource.Name);
                    return Task.CompletedTask;
                });
        }

        return builder;
    }
}

/// <summary>Set by <see cref="EcsTaskBuilderExtensions.PublishAsEcsTask{T}"/>: the resource is a job, not a service.</summary>
public sealed class EcsTaskAnnotation : IResourceAnnotation;

/// <summary>The manifest marker of a job: only publish mode has it, and it names the resource it marks.</summary>
public sealed class EcsTaskResource(string name, IResource job) : Resource(name)
{
    public IResource Job { get; } = job;
}
