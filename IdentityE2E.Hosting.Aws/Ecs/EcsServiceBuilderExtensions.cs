using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Tells the publisher how to run a service that is not a .NET project on ECS Fargate.</summary>
public static class EcsServiceBuilderExtensions
{
    /// <summary>
    /// Sets what the service's image needs on ECS (user, health path, opt-outs with reasons); the manifest entry of
    /// the service gets them as <c>ecs</c>. For <c>AddContainer</c>, <c>AddDockerfile</c> and <c>AddExecutable</c>;
    /// an executable is published as the Dockerfile in its working directory, as <c>PublishAsDockerFile</c> does,
    /// because ECS runs images. Calls add up, and their place in the chain does not matter.
    /// </summary>
    public static IResourceBuilder<T> PublishAsEcsService<T>(this IResourceBuilder<T> builder, Action<EcsServiceOptions> configure)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(configure);
        var resource = builder.Resource;
        if (resource is ProjectResource)
        {
            throw new InvalidOperationException(
                $"'{resource.Name}' is a .NET project, which the publisher already runs as a hardened ECS service; PublishAsEcsService is for AddContainer, AddDockerfile and AddExecutable services.");
        }

        if (resource is not (ContainerResource or ExecutableResource))
        {
            throw new InvalidOperationException(
                $"'{resource.Name}' is a {resource.GetType().Name}; PublishAsEcsService is for AddContainer, AddDockerfile and AddExecutable services.");
        }

        if (resource.Annotations.OfType<EcsTaskAnnotation>().Any())
        {
            throw new InvalidOperationException(
                $"'{resource.Name}' is already published as an ECS task (PublishAsEcsTask); a resource is either a service or a job.");
        }

        return ConfigureEcs(builder, configure);
    }

    /// <summary>
    /// Records the options and writes them as <c>ecs</c> into the entry: what a service and a containerized job share.
    /// Calls add up, and their place in the chain does not matter.
    /// </summary>
    internal static IResourceBuilder<T> ConfigureEcs<T>(IResourceBuilder<T> builder, Action<EcsServiceOptions> configure)
        where T : IResourceWithEnvironment
    {
        var resource = builder.Resource;
        if (resource.Annotations.OfType<EcsServiceAnnotation>().SingleOrDefault() is { } configured)
        {
            configure(configured.Options);
            configured.Options.Validate();
            return builder;
        }

        var options = new EcsServiceOptions(resource.Name);
        configure(options);
        options.Validate();
        builder.WithAnnotation(new EcsServiceAnnotation(options));

        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            WriteIntoManifestEntry(builder, options);
        }

        return builder;
    }

    /// <summary>
    /// Wraps the entry's manifest writer so that <c>ecs</c> follows what Aspire writes. Aspire 13.6's PublishAsDockerFile
    /// swaps the executable for a container (sharing its annotations) and replaces the manifest writer, but only the
    /// first time it is called; later calls just configure that container. So it is called here first: a call the
    /// AppHost made before left the writer wrapped here, and a call it makes after leaves the wrapper in place.
    /// </summary>
    private static void WriteIntoManifestEntry<T>(IResourceBuilder<T> builder, EcsServiceOptions options)
        where T : IResourceWithEnvironment
    {
        var app = builder.ApplicationBuilder;
        if (builder.Resource is ExecutableResource executable)
        {
            app.CreateResourceBuilder(executable).PublishAsDockerFile();
        }

        var writer = builder.Resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().LastOrDefault();
        if (writer is { Callback: null })
        {
            // ExcludeFromManifest: there is no entry to write into.
            return;
        }

        // Without a writer of its own a container is written by Aspire's container writer; an executable always has one by now.
        var container = app.Resources.OfType<ContainerResource>().Single(r => r.Name == builder.Resource.Name);
        var writeEntry = writer?.Callback ?? (context => context.WriteContainerAsync(container));
        builder.WithManifestPublishingCallback(async context =>
        {
            await writeEntry(context).ConfigureAwait(false);
            WriteEcs(context.Writer, options);
        });
    }

    /// <summary>Writes every key, defaults included, so that the manifest alone shows how the service runs.</summary>
    private static void WriteEcs(Utf8JsonWriter writer, EcsServiceOptions options)
    {
        writer.WriteStartObject("ecs");
        writer.WriteString("user", options.User);
        if (options.HealthCheckPath is null)
        {
            writer.WriteNull("healthCheckPath");
        }
        else
        {
            writer.WriteString("healthCheckPath", options.HealthCheckPath);
        }

        writer.WriteBoolean("readOnlyRootFilesystem", options.ReadOnlyRootFilesystem);
        writer.WriteStartArray("exceptions");
        foreach (var exception in options.Exceptions)
        {
            writer.WriteStartObject();
            writer.WriteString("control", exception.Control);
            writer.WriteString("reason", exception.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>What <see cref="EcsServiceBuilderExtensions.PublishAsEcsService{T}"/> set for a resource.</summary>
public sealed class EcsServiceAnnotation(EcsServiceOptions options) : IResourceAnnotation
{
    public EcsServiceOptions Options { get; } = options;
}
