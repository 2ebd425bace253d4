using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Runs DynamoDB in run mode as DynamoDB Local, the way Aspire runs cloud databases as emulators.</summary>
public static class DynamoDBLocalExtensions
{
    /// <summary>
    /// In run mode, starts DynamoDB Local (the <c>amazon/dynamodb-local</c> container when a container runtime
    /// answers, else Amazon's jar from npm on Java), waits until it speaks DynamoDB, then creates every table of
    /// the model that is missing. Settings come from <c>DynamoDB:Local</c> (see <see cref="DynamoDBLocalOptions"/>).
    /// <paramref name="configure"/> extends the emulator, for example <c>local => local.WithDynamoDBAdmin()</c>.
    /// Does nothing when publishing: neither the emulator nor its tools reach the manifest.
    /// </summary>
    public static IResourceBuilder<DynamoDBResource> RunAsEmulator(
        this IResourceBuilder<DynamoDBResource> dynamodb, Action<IResourceBuilder<IDynamoDBLocalResource>>? configure = null)
    {
        var builder = dynamodb.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return dynamodb;
        }

        // In the AWS mode (DynamoDB:Mode=Aws, decided when DynamoDB was added) real tables replace the emulator and its tools.
        if (dynamodb.Resource.Mode == DynamoDBMode.Aws)
        {
            return dynamodb;
        }

        if (dynamodb.Resource.Emulator is not null)
        {
            throw new DistributedApplicationException($"RunAsEmulator was called twice for '{dynamodb.Resource.Name}'; configure the emulator in one call.");
        }

        var options = builder.Configuration.GetSection(DynamoDBLocalOptions.SectionName).Get<DynamoDBLocalOptions>() ?? new();
        var dataPath = options.InMemory ? null : options.DataPath ?? DynamoDBLocal.DefaultDataPath(builder.Environment.ApplicationName);
        var runtime = DynamoDBLocal.ResolveRuntime(options.Runtime);
        if (dataPath is not null)
        {
            DynamoDBLocal.CreateDataFolder(dataPath, ownerOnly: runtime == DynamoDBLocalRuntime.Java);
        }

        var name = $"{dynamodb.Resource.Name}-local";
        dynamodb.Resource.ToolsPath = options.ToolsPath ?? NearestToolsFolder(builder.AppHostDirectory);
        var emulator = runtime == DynamoDBLocalRuntime.Container
            ? AddContainer(dynamodb, name, options, dataPath)
            : AddJava(dynamodb, name, dataPath);

        dynamodb.Resource.Emulator = emulator.Resource;

        var emulatorCheck = AddHealthCheck(builder, name, new DynamoDBLocalHealthCheck(dynamodb.Resource));
        emulator.WithParentRelationship(dynamodb).WithHealthCheck(emulatorCheck).WithIconName("Database")
            .WithDescription("DynamoDB Local: Amazon's emulator that runs the tables on this machine.");
        dynamodb.WithHealthCheck(emulatorCheck);

        builder.Eventing.Subscribe<ResourceReadyEvent>(emulator.Resource, (ready, cancellationToken) =>
            ProvisionTablesAsync(dynamodb.Resource, ready.Services, cancellationToken));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(emulator.Resource, (starting, _) =>
            ResourceStates.PublishAsync(dynamodb.Resource, starting.Services, KnownResourceStates.Starting));
        configure?.Invoke(emulator);
        return dynamodb;
    }

    /// <summary>Adds a health check for each table so that <c>WaitFor(table)</c> means "the table answers".</summary>
    internal static void AddTableHealthCheck(IResourceBuilder<DynamoDBTableResource> table)
    {
        var check = AddHealthCheck(table.ApplicationBuilder, table.Resource.Name, new DynamoDBLocalHealthCheck(table.Resource.Parent, table.Resource));
        table.WithHealthCheck(check);
    }

    private static IResourceBuilder<IDynamoDBLocalResource> AddJava(
        IResourceBuilder<DynamoDBResource> dynamodb, string name, string? dataPath)
    {
        var jarDirectory = DynamoDBLocal.FindJarDirectory(dynamodb.Resource.ToolsPath);
        var java = dynamodb.ApplicationBuilder.AddResource(new DynamoDBLocalResource(name, jarDirectory, dynamodb.Resource))
            .WithHttpEndpoint(name: "http");
        var port = java.GetEndpoint("http").Property(EndpointProperty.TargetPort);
        var launcher = DynamoDBLocal.LoopbackLauncher(dynamodb.Resource.ToolsPath);
        if (launcher is null)
        {
            // Still runs, but says on the emulator's console what it cannot promise and how to fix it.
            dynamodb.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(java.Resource, (starting, _) =>
            {
                starting.Services.GetRequiredService<ResourceLoggerService>().GetLogger(starting.Resource).LogWarning(
                    "This Java cannot run source files (no JDK), so DynamoDB Local listens on every interface; install a JDK (for example 'apt-get install openjdk-17-jdk-headless') to bind it to loopback.");
                return Task.CompletedTask;
            });
        }

        return java.WithArgs(context =>
        {
            foreach (var argument in DynamoDBLocal.JavaArguments(jarDirectory, port, DynamoDBLocalCors.Origins(java.Resource), dataPath, launcher))
            {
                context.Args.Add(argument);
            }
        });
    }

    private static IResourceBuilder<IDynamoDBLocalResource> AddContainer(
        IResourceBuilder<DynamoDBResource> dynamodb, string name, DynamoDBLocalOptions options, string? dataPath)
    {
        const string containerData = "/home/dynamodblocal/data";
        var container = dynamodb.ApplicationBuilder.AddResource(new DynamoDBLocalContainerResource(name, dynamodb.Resource))
            .WithImage("amazon/dynamodb-local", options.ImageTag)
            .WithHttpEndpoint(targetPort: 8000, name: "http");
        // The orchestrator publishes the port through its proxy on loopback, as it does every endpoint here.
        container.WithArgs(context =>
        {
            object[] arguments = ["-jar", "DynamoDBLocal.jar", "-sharedDb", "-disableTelemetry", "-cors", DynamoDBLocalCors.Origins(container.Resource),
                .. dataPath is null ? ["-inMemory"] : new[] { "-dbPath", containerData }];
            foreach (var argument in arguments)
            {
                context.Args.Add(argument);
            }
        });
        if (dataPath is not null)
        {
            container.WithBindMount(dataPath, containerData);
        }

        return container;
    }

    internal static string AddHealthCheck(IDistributedApplicationBuilder builder, string name, IHealthCheck check)
    {
        var key = $"{name}-dynamodb-check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => check, failureStatus: default, tags: default));
        return key;
    }

    private static async Task ProvisionTablesAsync(DynamoDBResource dynamodb, IServiceProvider services, CancellationToken cancellationToken)
    {
        var loggers = services.GetRequiredService<ResourceLoggerService>();
        await ResourceStates.PublishAsync(dynamodb, services, KnownResourceStates.Running);
        using var client = DynamoDBTableProvisioner.CreateLocalClient(dynamodb.EmulatorEndpoint!.Url);
        foreach (var table in dynamodb.Tables)
        {
            var logger = loggers.GetLogger(table);
            try
            {
                await DynamoDBTableProvisioner.EnsureCreatedAsync(client, table.Definition, table.PhysicalName, logger, cancellationToken);
                await ResourceStates.PublishAsync(table, services, KnownResourceStates.Running);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Could not create table {Table}", table.PhysicalName);
                await ResourceStates.PublishAsync(table, services, KnownResourceStates.FailedToStart);
            }
        }
    }

    /// <summary>
    /// The repository's tools/ folder: the first one with a package.json above the AppHost's folder, so that an AppHost
    /// one level deeper (samples/) finds the same tools. The product's AppHost sits next to it.
    /// </summary>
    private static string NearestToolsFolder(string appHostDirectory)
    {
        for (var directory = new DirectoryInfo(appHostDirectory).Parent; directory is not null; directory = directory.Parent)
        {
            var tools = Path.Combine(directory.FullName, "tools");
            if (File.Exists(Path.Combine(tools, "package.json")))
            {
                return tools;
            }
        }

        return Path.GetFullPath(Path.Combine(appHostDirectory, "..", "tools"));
    }
}
