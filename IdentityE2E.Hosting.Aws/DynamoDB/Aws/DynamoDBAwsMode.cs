using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Runs DynamoDB in run mode as real tables in an AWS account (<c>DynamoDB:Mode=Aws</c>): decided once when DynamoDB
/// is added, so <c>RunAsEmulator</c> and <c>AddTable</c> know it whatever order the AppHost calls them in.
/// </summary>
internal static class DynamoDBAwsMode
{
    public static void Apply(IResourceBuilder<DynamoDBResource> dynamodb, DynamoDBAwsOptions options)
    {
        var resource = dynamodb.Resource;
        var builder = dynamodb.ApplicationBuilder;
        resource.AwsOptions = options;
        resource.Region = options.Region;

        // Every table is known once the model is built; a wrong DynamoDB:Tables stops the start with its key.
        DynamoDBAwsPlan? plan = null;
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            plan = DynamoDBAwsPlan.Decide(options, [.. resource.Tables.Select(table => table.Name)]);
            return Task.CompletedTask;
        });
        builder.Eventing.Subscribe<InitializeResourceEvent>(resource, (initialize, initializing) =>
        {
            // The stack can take minutes; the other resources start meanwhile and the services wait for the tables.
            var stopping = initialize.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(() => StartAsync(resource, plan!, initialize.Services, stopping), stopping);
            return Task.CompletedTask;
        });
        dynamodb.WithHealthCheck(DynamoDBLocalExtensions.AddHealthCheck(builder, resource.Name, new TablesResolvedCheck(resource.Tables)));
    }

    /// <summary>Makes <c>WaitFor(table)</c> mean "the table's physical name is known".</summary>
    internal static void AddTableHealthCheck(IResourceBuilder<DynamoDBTableResource> table) =>
        table.WithHealthCheck(DynamoDBLocalExtensions.AddHealthCheck(table.ApplicationBuilder, table.Resource.Name, new TablesResolvedCheck([table.Resource])));

    private static async Task StartAsync(DynamoDBResource dynamodb, DynamoDBAwsPlan plan, IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = dynamodb.AwsOptions!;
        var log = services.GetRequiredService<ResourceLoggerService>().GetLogger(dynamodb);
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        try
        {
            await notifications.PublishUpdateAsync(dynamodb, snapshot => snapshot with
            {
                State = KnownResourceStates.Starting,
                Properties = [.. snapshot.Properties,
                    new ResourcePropertySnapshot("aws.profile", options.Profile),
                    new ResourcePropertySnapshot("aws.region", options.Region),
                    new ResourcePropertySnapshot("aws.stack", plan.Stack ?? "(existing tables)")],
            });
            var provisioner = new DynamoDBAwsProvisioner(new AwsCliProcess(options.Cli), options, log);
            log.LogInformation("AWS mode: checking the credentials of profile {Profile}", options.Profile);
            var caller = await provisioner.CheckCredentialsAsync(cancellationToken);
            log.LogInformation("Signed in as {Caller}", caller);
            var names = await provisioner.ResolveTablesAsync(plan, dynamodb.Tables, cancellationToken);
            foreach (var table in dynamodb.Tables)
            {
                table.ResolveAwsName(names[table.Name]);
                services.GetRequiredService<ResourceLoggerService>().GetLogger(table).LogInformation("Table {Table} is {PhysicalName}", table.Name, names[table.Name]);
                await ResourceStates.PublishAsync(table, services, KnownResourceStates.Running, new ResourcePropertySnapshot("aws.tableName", names[table.Name]));
            }

            await ResourceStates.PublishAsync(dynamodb, services, KnownResourceStates.Running);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost stops.
        }
        catch (Exception exception)
        {
            var failure = exception as AwsModeException
                ?? new AwsModeException($"The AWS mode failed ({exception.GetBaseException().Message}).", "Read the dynamodb log and restart the AppHost.");
            if (exception is not AwsModeException)
            {
                log.LogError(exception, "The AWS mode failed");
            }

            log.LogError("{Problem} {Action}", failure.Problem, failure.Action);
            services.GetRequiredService<ILoggerFactory>().CreateLogger("IdentityE2E.Hosting.Aws.DynamoDB")
                .LogError("DynamoDB (AWS mode): {Problem} {Action}", failure.Problem, failure.Action);
            foreach (var table in dynamodb.Tables)
            {
                table.FailAwsName(failure);
                await ResourceStates.PublishAsync(table, services, KnownResourceStates.FailedToStart);
            }

            await ResourceStates.PublishAsync(dynamodb, services, KnownResourceStates.FailedToStart, new ResourcePropertySnapshot("aws.problem", failure.Message));
        }
    }

    private sealed class TablesResolvedCheck(IReadOnlyList<DynamoDBTableResource> tables) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(tables.FirstOrDefault(table => !table.AwsName.IsCompletedSuccessfully) is { } waiting
                ? HealthCheckResult.Unhealthy($"Table {waiting.Name} has no physical name yet.")
                : HealthCheckResult.Healthy());
    }
}
