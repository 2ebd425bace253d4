using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The AWS mode's start, as AWS CLI commands: check the profile's credentials, then find the existing tables or
/// deploy the stack (its events into <paramref name="log"/> while it waits) and read the table names from its outputs.
/// </summary>
internal sealed class DynamoDBAwsProvisioner(IAwsCli cli, DynamoDBAwsOptions options, ILogger log)
{
    private readonly AwsCliCommands _commands = new(options.Profile, options.Region);

    /// <summary>The ARN the profile signs in as; fails with what to run when it has no valid credentials.</summary>
    public async Task<string> CheckCredentialsAsync(CancellationToken cancellationToken)
    {
        var result = await cli.RunAsync(_commands.GetCallerIdentity(), cancellationToken);
        if (!result.Succeeded)
        {
            throw new AwsModeException(
                $"AWS profile '{options.Profile}' has no valid credentials ({result.Reason}).",
                $"Run 'aws sso login --profile {options.Profile}' (or 'aws configure sso --profile {options.Profile}' if the profile does not exist yet) and restart the AppHost.");
        }

        using var identity = JsonDocument.Parse(result.Output);
        return identity.RootElement.GetProperty("Arn").GetString() ?? "";
    }

    /// <summary>The physical name of each table of the plan, by the model's table name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveTablesAsync(
        DynamoDBAwsPlan plan, IReadOnlyList<DynamoDBTableResource> tables, CancellationToken cancellationToken)
    {
        if (plan.Stack is not { } stack)
        {
            foreach (var (table, physicalName) in plan.ExistingTables)
            {
                var result = await cli.RunAsync(_commands.DescribeTable(physicalName), cancellationToken);
                if (!result.Succeeded)
                {
                    throw new AwsModeException(
                        $"Table '{physicalName}' (DynamoDB:Tables:{table}) is not usable in {options.Region} with profile '{options.Profile}' ({result.Reason}).",
                        "Check the name and the region, or remove DynamoDB:Tables to have the AppHost deploy the tables in a stack.");
                }

                log.LogInformation("Using existing table {PhysicalName} for {Table}", physicalName, table);
            }

            return plan.ExistingTables;
        }

        var outputs = await DeployAsync(stack, tables, cancellationToken);
        return tables.ToDictionary(
            table => table.Name,
            table => outputs.TryGetValue(DynamoDBStackTemplate.OutputKey(table.Name), out var name)
                ? name
                : throw new AwsModeException(
                    $"Stack {stack} has no output {DynamoDBStackTemplate.OutputKey(table.Name)} for table '{table.Name}'.",
                    $"Delete the stack ({_commands.DeleteStackCommandLine(stack)}) and restart the AppHost."));
    }

    private async Task<Dictionary<string, string>> DeployAsync(string stack, IReadOnlyList<DynamoDBTableResource> tables, CancellationToken cancellationToken)
    {
        var template = DynamoDBStackTemplate.Build(tables, options.KmsKeyId, options.PointInTimeRecovery);
        var templateFile = Path.Combine(Path.GetTempPath(), "identitye2e", $"{stack}.template.json");
        Directory.CreateDirectory(Path.GetDirectoryName(templateFile)!);
        await File.WriteAllTextAsync(templateFile, template.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);

        // The events of earlier deployments are history; only what this deployment does is news.
        var seen = (await StackEventsAsync(stack, cancellationToken)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        log.LogInformation("Deploying stack {Stack} ({Tables} tables) in {Region} with profile {Profile}", stack, tables.Count, options.Region, options.Profile);
        var deploy = cli.RunAsync(_commands.Deploy(stack, templateFile), cancellationToken);
        while (!deploy.IsCompleted)
        {
            await Task.WhenAny(deploy, Task.Delay(options.StackEventsInterval, cancellationToken));
            await LogNewEventsAsync(stack, seen, cancellationToken);
        }

        var result = await deploy;
        await LogNewEventsAsync(stack, seen, cancellationToken);
        if (!result.Succeeded && !result.Output.Contains("No changes to deploy", StringComparison.Ordinal))
        {
            throw new AwsModeException(
                $"Stack {stack} did not deploy ({result.Reason}).",
                $"Read the stack events in the dynamodb log, fix the cause and restart the AppHost; a stack that never got created is removed with '{_commands.DeleteStackCommandLine(stack)}'.");
        }

        var described = await cli.RunAsync(_commands.DescribeStacks(stack), cancellationToken);
        if (!described.Succeeded)
        {
            throw new AwsModeException($"Stack {stack} deployed but cannot be described ({described.Reason}).", "Restart the AppHost.");
        }

        using var stacks = JsonDocument.Parse(described.Output);
        var outputs = stacks.RootElement.GetProperty("Stacks")[0].TryGetProperty("Outputs", out var list)
            ? list.EnumerateArray().ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!, StringComparer.Ordinal)
            : [];
        log.LogInformation("Stack {Stack} is ready", stack);
        return outputs;
    }

    private async Task LogNewEventsAsync(string stack, HashSet<string> seen, CancellationToken cancellationToken)
    {
        // The CLI lists the newest first; the log reads oldest first.
        foreach (var stackEvent in (await StackEventsAsync(stack, cancellationToken)).Where(e => seen.Add(e.Id)).Reverse())
        {
            var level = stackEvent.Status.Contains("FAILED", StringComparison.Ordinal) ? LogLevel.Error : LogLevel.Information;
            log.Log(level, "{Time} {LogicalId} {Status} {Reason}",
                stackEvent.Timestamp, stackEvent.LogicalId, stackEvent.Status, stackEvent.Reason);
        }
    }

    private async Task<List<StackEvent>> StackEventsAsync(string stack, CancellationToken cancellationToken)
    {
        // Before the first deployment the stack does not exist; that is no error, just no history.
        var result = await cli.RunAsync(_commands.DescribeStackEvents(stack), cancellationToken);
        if (!result.Succeeded)
        {
            return [];
        }

        using var events = JsonDocument.Parse(result.Output);
        return [.. events.RootElement.GetProperty("StackEvents").EnumerateArray().Select(e => new StackEvent(
            e.GetProperty("EventId").GetString()!,
            e.TryGetProperty("Timestamp", out var time) ? Time(time.GetString()) : "",
            e.TryGetProperty("LogicalResourceId", out var id) ? id.GetString() ?? "" : "",
            e.TryGetProperty("ResourceStatus", out var status) ? status.GetString() ?? "" : "",
            e.TryGetProperty("ResourceStatusReason", out var reason) ? reason.GetString() ?? "" : ""))];
    }

    private static string Time(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : timestamp ?? "";

    private sealed record StackEvent(string Id, string Timestamp, string LogicalId, string Status, string Reason);
}
