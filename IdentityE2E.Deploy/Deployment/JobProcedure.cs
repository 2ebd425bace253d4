using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Runs a job of a deployed environment (<c>run-task</c>) and uploads a file for it (<c>upload-import</c>). What to run
/// where comes from the application stack's outputs, so the commands need no synthesis. Each step goes through the
/// runner, so <c>--dry-run</c> prints exactly the commands a real run executes.
/// </summary>
/// <param name="pollInterval">How long to wait between looks at a running job; <see cref="PollInterval"/> unless a test says otherwise.</param>
internal sealed class JobProcedure(RepositoryLayout layout, EnvironmentSettings settings, CloudModel model, ICommandRunner runner, TextWriter output, TimeProvider clock, TimeSpan? pollInterval = null)
{
    /// <summary>How often a running job's state and new log lines are asked for.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly Toolchain tools = new(layout, settings);
    private readonly Naming naming = new(settings.Name);

    /// <summary>Starts the job in the private subnets, prints its log until it stops and returns its app container's exit code.</summary>
    public int RunTask(string job, IReadOnlyList<string> command)
    {
        RequireJob(model, job);
        var outputs = ReadOutputs([
            ApplicationStack.ClusterNameOutput, ApplicationStack.TaskSubnetsOutput, ApplicationStack.JobOutput(job, ApplicationStack.JobTaskDefinitionOutput),
            ApplicationStack.JobOutput(job, ApplicationStack.JobSecurityGroupOutput), ApplicationStack.JobOutput(job, ApplicationStack.JobLogGroupOutput),
        ]);
        var cluster = outputs[ApplicationStack.ClusterNameOutput];
        var logGroup = outputs[ApplicationStack.JobOutput(job, ApplicationStack.JobLogGroupOutput)];
        var taskArn = runner.Capture(
            $"Start the job {job} in the private subnets with its security group{(command.Count == 0 ? string.Empty : $" ({string.Join(' ', command)})")}",
            tools.RunTask(cluster, outputs[ApplicationStack.JobOutput(job, ApplicationStack.JobTaskDefinitionOutput)], outputs[ApplicationStack.TaskSubnetsOutput].Split(','), outputs[ApplicationStack.JobOutput(job, ApplicationStack.JobSecurityGroupOutput)], command),
            "arn:aws:ecs:<region>:<account>:task/<cluster>/<task-id>");
        if (taskArn is "" or "None")
        {
            throw new DeployException($"ECS did not start the job {job} (run-task returned no task); run the printed command to see its failures.");
        }

        // The awslogs driver names the stream <prefix>/<container>/<task id>.
        var stream = $"{AppService.AppContainer}/{AppService.AppContainer}/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}";
        string? token = null;
        while (true)
        {
            var status = runner.Poll($"Ask whether the job {job} has stopped", tools.TaskStatus(cluster, taskArn), "STOPPED\t0\tEssential container in task exited").Split('\t');
            // The log stream exists once the app container has started: while the task runs, or after it exited.
            var started = status[0] is "RUNNING" or "DEACTIVATING" or "STOPPING" || (status[0] == "STOPPED" && status.Length > 1 && int.TryParse(status[1], out _));
            if (started)
            {
                token = PrintNewLogLines(logGroup, stream, token);
            }

            if (status[0] == "STOPPED")
            {
                if (started)
                {
                    // CloudWatch Logs may deliver the last lines a moment after the stop; one more look collects them.
                    runner.Pause(pollInterval ?? PollInterval);
                    _ = PrintNewLogLines(logGroup, stream, token);
                }

                return ExitCode(job, status);
            }

            runner.Pause(pollInterval ?? PollInterval);
        }
    }

    /// <summary>Copies <paramref name="file"/> under imports/ in the environment's import bucket and returns its s3:// URI.</summary>
    public string UploadImport(string file)
    {
        if (model.Jobs.Count == 0)
        {
            throw new DeployException("The manifest has no job (PublishAsEcsTask), so the environment has no import bucket; mark the job in the AppHost and deploy.");
        }

        if (!File.Exists(file))
        {
            throw new DeployException($"File '{file}' does not exist.");
        }

        var bucket = ReadOutputs([ApplicationStack.ImportBucketOutput])[ApplicationStack.ImportBucketOutput];
        // A time stamp keeps every upload apart, so a rerun never reads a file another upload replaced.
        var key = $"{ImportBucket.Prefix}{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Path.GetFileName(file)}";
        var uri = $"s3://{bucket}/{key}";
        runner.Stream($"Upload {Path.GetFileName(file)} to the import bucket (kept {ImportBucket.ExpiryDays} days)", tools.UploadImport(Path.GetFullPath(file), uri));
        output.WriteLine(uri);
        output.WriteLine($"Run the import with: dotnet run --project IdentityE2E.Deploy -- run-task --environment {settings.Name} {(model.Jobs.Count == 1 ? model.Jobs[0].Name : "<job>")} -- import {uri}");
        return uri;
    }

    /// <summary>Refuses a name that is not a job of the manifest, before anything runs.</summary>
    public static void RequireJob(CloudModel model, string job)
    {
        if (model.Jobs.Any(j => j.Name == job))
        {
            return;
        }

        var jobs = model.Jobs.Count == 0 ? "it has none (mark one with PublishAsEcsTask)" : $"its jobs are {string.Join(", ", model.Jobs.Select(j => j.Name))}";
        throw new DeployException(model.Services.Any(service => service.Name == job)
            ? $"'{job}' is a service, not a job; run-task starts the manifest's jobs, and {jobs}."
            : $"Unknown job '{job}': the manifest has no resource of that name; {jobs}.");
    }

    /// <summary>The application stack's outputs; a dry run shows each as &lt;name&gt;.</summary>
    private Dictionary<string, string> ReadOutputs(IReadOnlyList<string> needed)
    {
        var placeholder = new JsonArray([.. needed.Select(name => new JsonObject { ["OutputKey"] = name, ["OutputValue"] = name == ApplicationStack.TaskSubnetsOutput ? "<subnet-1>,<subnet-2>" : $"<{name}>" })]);
        var json = runner.Capture($"Read the outputs of {naming.ApplicationStack}", tools.StackOutputs(naming.ApplicationStack), placeholder.ToJsonString());
        var outputs = JsonNode.Parse(json is "" or "None" ? "null" : json) is JsonArray array
            ? array.OfType<JsonObject>().ToDictionary(o => (string)o["OutputKey"]!, o => (string)o["OutputValue"]!)
            : throw new DeployException($"Environment '{settings.Name}' is not deployed: {naming.ApplicationStack} has no outputs; deploy it first.");
        foreach (var name in needed.Where(name => !outputs.ContainsKey(name)))
        {
            throw new DeployException($"Environment '{settings.Name}' was deployed without the output {name}; deploy the current manifest first.");
        }

        return outputs;
    }

    /// <summary>Prints the log lines after <paramref name="token"/> and returns the token to continue from.</summary>
    private string? PrintNewLogLines(string logGroup, string stream, string? token)
    {
        var json = runner.Poll($"Read new lines of the log stream {stream}", tools.LogEvents(logGroup, stream, token), """{"events":[],"nextForwardToken":null}""");
        // The stream appears only once the container has started; until then there is nothing to print.
        if (JsonNode.Parse(json) is not JsonObject page)
        {
            return token;
        }

        foreach (var message in page["events"]?.AsArray().Select(e => (string?)e!["message"]) ?? [])
        {
            output.WriteLine(message);
        }

        return (string?)page["nextForwardToken"] ?? token;
    }

    private int ExitCode(string job, string[] status)
    {
        var reason = status.Length > 2 ? status[2] : "unknown";
        if (status.Length > 1 && int.TryParse(status[1], out var exitCode))
        {
            runner.Perform($"Report how the job {job} ended", "its exit code becomes this command's", () =>
                output.WriteLine($"The job {job} stopped with exit code {exitCode} ({reason})."));
            return exitCode;
        }

        output.WriteLine($"The job {job} stopped before its app exited: {reason}.");
        return 1;
    }
}
