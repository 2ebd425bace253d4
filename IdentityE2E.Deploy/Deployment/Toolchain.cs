using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>The external commands a deploy or destroy runs: AWS CLI, CDK CLI from tools/, git, dotnet.</summary>
internal sealed class Toolchain(RepositoryLayout layout, EnvironmentSettings settings)
{
    /// <summary>
    /// Every AWS call targets the environment's region, whatever the caller's profile says. CDK deploys a
    /// stack to the region its template names, so the edge security stack still goes to us-east-1.
    /// </summary>
    private Dictionary<string, string> Region => new()
    {
        ["AWS_REGION"] = settings.Region,
        ["AWS_DEFAULT_REGION"] = settings.Region,
    };

    public string Registry(string account) => $"{account}.dkr.ecr.{settings.Region}.amazonaws.com";

    /// <summary>The account of the credentials the usual chain finds (environment, profile, SSO, role).</summary>
    public PlannedCommand CallerAccount() => Aws("sts", "get-caller-identity", "--query", "Account", "--output", "text");

    public static PlannedCommand NodeVersion() => new("node", ["--version"]);

    public PlannedCommand CdkVersion() => new(layout.CdkCli, ["--version"]);

    public static PlannedCommand DotnetVersion() => new("dotnet", ["--version"]);

    public PlannedCommand Bootstrap(string account, string? region = null) => Cdk("bootstrap", $"aws://{account}/{region ?? settings.Region}");

    /// <summary>
    /// Turns on AWS Backup's advanced features for DynamoDB in a region (a region setting of the account, which no
    /// template can set): cross-region copies of DynamoDB backups need them. Idempotent.
    /// </summary>
    public PlannedCommand BackupAdvancedDynamoDBFeatures(string region) =>
        Aws("backup", "update-region-settings", "--resource-type-management-preference", "DynamoDB=true", "--region", region);

    /// <summary>
    /// Deploys one stack. <paramref name="approval"/> is CDK's <c>--require-approval</c>: <c>broadening</c> stops to ask
    /// before a change widens IAM permissions or security groups (and fails without a terminal to ask in), <c>never</c> does not ask.
    /// </summary>
    public PlannedCommand Deploy(string assembly, string stack, IEnumerable<(string Name, string Value)> parameters, string? outputsFile, string approval = "never")
    {
        List<string> arguments = ["deploy", stack, "--app", assembly, "--exclusively", "--require-approval", approval, "--progress", "events", "--no-notices"];
        foreach (var (name, value) in parameters)
        {
            arguments.AddRange(["--parameters", $"{stack}:{name}={value}"]);
        }

        if (outputsFile is not null)
        {
            arguments.AddRange(["--outputs-file", outputsFile]);
        }

        return Cdk([.. arguments]);
    }

    public PlannedCommand Destroy(string assembly, string stack) => Cdk("destroy", stack, "--app", assembly, "--exclusively", "--force", "--no-notices");

    public PlannedCommand GitCommit() => new("git", ["rev-parse", "--short=12", "HEAD"]) { WorkingDirectory = layout.Root };

    public PlannedCommand GitChanges() => new("git", ["status", "--porcelain", "--untracked-files=no"]) { WorkingDirectory = layout.Root };

    public PlannedCommand EcrPassword() => Aws("ecr", "get-login-password", "--region", settings.Region);

    public PlannedCommand ImageExists(string repository, string tag) =>
        Aws("ecr", "describe-images", "--repository-name", repository, "--image-ids", $"imageTag={tag}", "--region", settings.Region);

    /// <summary>
    /// Builds the project into an image and pushes it to ECR, with the .NET SDK alone (no Docker daemon).
    /// The SDK reads push credentials from DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/PWORD; the password is
    /// the ECR token, which reaches only this process.
    /// </summary>
    /// <remarks>
    /// <c>-r</c> picks the base image of the tasks' architecture and the matching runtime; .NET cross-publishes IL without
    /// emulation (no QEMU), whatever the deploying machine runs on. Native AOT is the exception: it links native code
    /// and needs the target architecture's toolchain on the deploying machine.
    /// </remarks>
    public PlannedCommand PublishImage(string projectPath, string repository, string tag, string account, string ecrPassword) =>
        new("dotnet",
        [
            "publish", projectPath, "-c", "Release", "-r", settings.CpuArchitecture.RuntimeIdentifier(), "-t:PublishContainer",
            $"-p:ContainerRepository={repository}", $"-p:ContainerImageTag={tag}", $"-p:ContainerRegistry={Registry(account)}",
        ])
        {
            Environment = new Dictionary<string, string> { ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "AWS" },
            SecretEnvironment = new Dictionary<string, string> { ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = ecrPassword },
            WorkingDirectory = layout.Root,
        };

    /// <summary>A path of the manifest (a project, a build context, a Dockerfile): relative to the manifest's folder.</summary>
    public static string ManifestPath(string manifestDirectory, string path) =>
        Path.GetFullPath(Path.Combine(manifestDirectory, path.Replace('\\', '/')));

    /// <summary>Whether a container engine (docker, podman) is installed and its daemon or machine answers.</summary>
    public static PlannedCommand EngineInfo(string engine) => new(engine, ["info"]);

    /// <summary>Logs the engine in to ECR; the token arrives on standard input, never in the command line.</summary>
    public PlannedCommand EngineLogin(string engine, string account, string ecrPassword) =>
        new(engine, ["login", "--username", "AWS", "--password-stdin", Registry(account)]) { SecretStandardInput = ecrPassword };

    /// <summary>Builds a Dockerfile image for the tasks' platform, tagged for its ECR repository.</summary>
    public PlannedCommand EngineBuild(string engine, string context, string dockerfile, DockerfileImage image, string imageName)
    {
        List<string> arguments = ["build", "--platform", settings.CpuArchitecture.ImagePlatform(), "--file", dockerfile];
        if (image.Stage is { } stage)
        {
            arguments.AddRange(["--target", stage]);
        }

        foreach (var (name, value) in image.BuildArgs)
        {
            arguments.AddRange(["--build-arg", $"{name}={value}"]);
        }

        arguments.AddRange(["--tag", imageName, context]);
        return new(engine, arguments);
    }

    public static PlannedCommand EnginePush(string engine, string imageName) => new(engine, ["push", imageName]);

    public PlannedCommand UploadBuildContext(string zip, string bucket, string key) =>
        Aws("s3", "cp", zip, $"s3://{bucket}/{key}", "--only-show-errors", "--region", settings.Region);

    /// <summary>Starts the registry stack's CodeBuild project on one uploaded context; prints the build's id.</summary>
    public PlannedCommand StartImageBuild(string bucket, string key, string environmentOverrides) =>
        Aws("codebuild", "start-build", "--project-name", new Naming(settings.Name).ImageBuildProject,
            "--source-type-override", "S3", "--source-location-override", $"{bucket}/{key}", "--environment-variables-override", environmentOverrides,
            "--query", "build.id", "--output", "text", "--region", settings.Region);

    /// <summary>A build's status, current phase and log link, tab-separated.</summary>
    public PlannedCommand ImageBuildStatus(string buildId) =>
        Aws("codebuild", "batch-get-builds", "--ids", buildId, "--query", "builds[0].[buildStatus,currentPhase,logs.deepLink]", "--output", "text", "--region", settings.Region);

    /// <summary>The application stack's outputs as a JSON array of OutputKey/OutputValue; the stack must exist.</summary>
    public PlannedCommand StackOutputs(string stack) =>
        Aws("cloudformation", "describe-stacks", "--stack-name", stack, "--query", "Stacks[0].Outputs", "--output", "json", "--region", settings.Region);

    /// <summary>
    /// Starts a job's task in the private subnets without a public address. The overrides are JSON, not the shorthand, so
    /// that an argument with a comma or a bracket reaches the job unchanged.
    /// </summary>
    public PlannedCommand RunTask(string cluster, string taskDefinition, IReadOnlyList<string> subnets, string securityGroup, IReadOnlyList<string> command)
    {
        var network = $"awsvpcConfiguration={{subnets=[{string.Join(',', subnets)}],securityGroups=[{securityGroup}],assignPublicIp=DISABLED}}";
        List<string> arguments = ["ecs", "run-task", "--cluster", cluster, "--task-definition", taskDefinition, "--launch-type", "FARGATE", "--network-configuration", network];
        if (command.Count > 0)
        {
            var overrides = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(new JsonObject
                {
                    ["name"] = AppService.AppContainer,
                    ["command"] = new JsonArray([.. command.Select(argument => (JsonNode)argument)]),
                }),
            };
            arguments.AddRange(["--overrides", overrides.ToJsonString()]);
        }

        // Tagged like a service's tasks (application, environment), so a job's Fargate hours show up in cost allocation.
        arguments.AddRange(["--propagate-tags", "TASK_DEFINITION", "--enable-ecs-managed-tags", "--started-by", "identitye2e-run-task", "--query", "tasks[0].taskArn", "--output", "text", "--region", settings.Region]);
        return Aws([.. arguments]);
    }

    /// <summary>The task's last status, its app container's exit code and why it stopped, tab-separated.</summary>
    public PlannedCommand TaskStatus(string cluster, string taskArn) =>
        Aws("ecs", "describe-tasks", "--cluster", cluster, "--tasks", taskArn, "--query", $"tasks[0].[lastStatus,containers[?name=='{AppService.AppContainer}'].exitCode|[0],stoppedReason]", "--output", "text", "--region", settings.Region);

    /// <summary>A page of log events after <paramref name="token"/> (from the start without one).</summary>
    public PlannedCommand LogEvents(string logGroup, string stream, string? token) =>
        Aws(["logs", "get-log-events", "--log-group-name", logGroup, "--log-stream-name", stream, "--start-from-head",
            .. token is null ? Array.Empty<string>() : ["--next-token", token], "--output", "json", "--region", settings.Region]);

    public PlannedCommand UploadImport(string file, string uri) => Aws("s3", "cp", file, uri, "--only-show-errors", "--region", settings.Region);

    /// <summary>
    /// What a deploy of one stack would change, compared with the deployed template through the CDK lookup role (read-only;
    /// no change set, so no deploy role is needed). Exits 0 with or without differences.
    /// </summary>
    public PlannedCommand Diff(string assembly, string stack) =>
        Cdk("diff", stack, "--app", assembly, "--exclusively", "--method", "template", "--no-notices") with
        {
            Environment = new Dictionary<string, string>(Region) { ["FORCE_COLOR"] = "0" },
        };

    /// <summary>The cdk-nag gate (tools/nag-check.mjs) over templates; exits 1 on any unacknowledged error.</summary>
    public PlannedCommand NagCheck(IEnumerable<string> templates) =>
        new("node", [Path.Combine(layout.ToolsDirectory, "nag-check.mjs"), .. templates]) { WorkingDirectory = layout.Root };

    /// <summary>A file as a git revision holds it (<c>git show origin/dev:aspire-manifest.json</c>).</summary>
    public PlannedCommand GitShow(string revision, string path) => new("git", ["show", $"{revision}:{path}"]) { WorkingDirectory = layout.Root };

    public static string RepositoryName(EnvironmentSettings settings, ServiceModel service) => new Naming(settings.Name).Repository(service.Name);

    private PlannedCommand Aws(params string[] arguments) => new("aws", arguments) { Environment = Region };

    private PlannedCommand Cdk(params string[] arguments) => new(layout.CdkCli, arguments) { Environment = Region, WorkingDirectory = layout.Root };
}
