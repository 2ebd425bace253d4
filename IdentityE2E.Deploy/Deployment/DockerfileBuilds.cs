using System.Text.Json;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Turns Dockerfiles into images in the service's ECR repository, under the build's tag: with docker or podman when
/// one answers on this machine, otherwise in the registry stack's CodeBuild project (the environment's
/// <c>codeBuild</c> setting). Which path a deploy takes is decided once, before anything deploys.
/// </summary>
internal sealed class DockerfileBuilds
{
    /// <summary>Engines in the order they are asked; both take the same commands.</summary>
    private static readonly string[] Engines = ["docker", "podman"];

    /// <summary>How long a CodeBuild build may queue and run before the deploy gives up on it.</summary>
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(ImageBuilds.TimeoutMinutes + 15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    private readonly ICommandRunner runner;
    private readonly Toolchain tools;
    private readonly TextWriter output;
    private readonly string? engine;

    /// <summary>What the images are built for: the tasks' architecture (linux/arm64 or linux/amd64).</summary>
    private readonly string platform;
    private bool loggedIn;

    private DockerfileBuilds(ICommandRunner runner, Toolchain tools, TextWriter output, string? engine, string platform)
    {
        this.platform = platform;
        this.runner = runner;
        this.tools = tools;
        this.output = output;
        this.engine = engine;
    }

    /// <summary>CodeBuild builds (no engine answered): the deploy needs the source bucket from the registry stack's outputs.</summary>
    public bool UsesCodeBuild => engine is null;

    /// <summary>
    /// Asks docker, then podman; without either, CodeBuild if the environment allows it, else an error that says what
    /// to install or which setting to turn on. <paramref name="services"/> name what needs the builds, for that error.
    /// </summary>
    public static DockerfileBuilds Choose(ICommandRunner runner, Toolchain tools, EnvironmentSettings settings, IReadOnlyList<string> services, TextWriter output)
    {
        var what = $"{string.Join(", ", services)} {(services.Count == 1 ? "is" : "are")} built from a Dockerfile";
        foreach (var engine in Engines)
        {
            if (runner.Probe($"Does {engine} answer? ({what}; a local engine builds them)", Toolchain.EngineInfo(engine)))
            {
                runner.Step($"Dockerfile images: built here with {engine} for {settings.CpuArchitecture.ImagePlatform()}, pushed to ECR");
                return new DockerfileBuilds(runner, tools, output, engine, settings.CpuArchitecture.ImagePlatform());
            }
        }

        if (!settings.CodeBuild)
        {
            throw new DeployException(
                $"{what}, but neither docker nor podman answers on this machine and deploy/environments/{settings.Name}.json has \"codeBuild\": false; " +
                "install and start Docker or Podman, or set \"codeBuild\": true to build them in AWS CodeBuild.");
        }

        runner.Step($"Dockerfile images: built in AWS CodeBuild (project {new Naming(settings.Name).ImageBuildProject}; neither docker nor podman answers here, \"codeBuild\": true)");
        return new DockerfileBuilds(runner, tools, output, null, settings.CpuArchitecture.ImagePlatform());
    }

    /// <summary>Builds and pushes one image by the chosen path.</summary>
    public void Build(BuildRequest request)
    {
        if (engine is { } local)
        {
            BuildLocally(local, request);
        }
        else
        {
            BuildInCodeBuild(request);
        }
    }

    private void BuildLocally(string local, BuildRequest request)
    {
        if (!loggedIn)
        {
            runner.Stream($"Log {local} in to ECR (the token goes on standard input)", tools.EngineLogin(local, request.Account, request.EcrPassword()));
            loggedIn = true;
        }

        var imageName = $"{tools.Registry(request.Account)}/{request.Repository}:{request.Tag}";
        runner.Stream($"Build {request.Service} from {request.Image.Dockerfile} with {local}", tools.EngineBuild(local, request.Context, request.Dockerfile, request.Image, imageName));
        runner.Stream($"Push {request.Service} to {request.Repository}:{request.Tag}", Toolchain.EnginePush(local, imageName));
    }

    private void BuildInCodeBuild(BuildRequest request)
    {
        var zip = Path.Combine(request.WorkFolder, $"{request.Service}-{request.Tag}.zip");
        var key = $"{request.Service}/{request.Tag}.zip";
        // Known before zipping: where the Dockerfile will sit inside the zip.
        var dockerfileInZip = Path.GetRelativePath(request.Context, request.Dockerfile).Replace('\\', '/') is var relative && relative.StartsWith("../", StringComparison.Ordinal)
            ? BuildContextArchive.OutsideDockerfileName
            : relative;
        runner.Perform(
            $"Zip the build context of {request.Service} for CodeBuild (what .dockerignore excludes stays out)",
            $"{request.Context} -> {zip}",
            () => BuildContextArchive.Create(request.Context, request.Dockerfile, zip));
        runner.Stream($"Upload it to the source bucket (KMS-encrypted, emptied after {ImageBuilds.SourceExpiryDays} day)", tools.UploadBuildContext(zip, request.SourceBucket, key));
        var buildId = runner.Capture(
            $"Start the CodeBuild build of {request.Service} (builds for {platform}, pushes {request.Repository}:{request.Tag})",
            tools.StartImageBuild(request.SourceBucket, key, EnvironmentOverrides(request, dockerfileInZip)),
            "<build-id>");
        Wait(request.Service, buildId);
    }

    /// <summary>Polls the build until it ends, printing each phase it enters; a failed build stops the deploy with its log.</summary>
    private void Wait(string service, string buildId)
    {
        var deadline = DateTime.UtcNow + BuildDeadline;
        var lastPhase = string.Empty;
        while (true)
        {
            var status = runner.Poll($"Wait for the CodeBuild build of {service}", tools.ImageBuildStatus(buildId), "SUCCEEDED\tCOMPLETED\t<log-link>").Split('\t');
            var (state, phase, log) = (status[0], status.ElementAtOrDefault(1) ?? "?", status.ElementAtOrDefault(2) ?? "(no log link yet)");
            if (phase != lastPhase)
            {
                output.WriteLine($"      {service}: {phase}");
                lastPhase = phase;
            }

            switch (state)
            {
                case "SUCCEEDED":
                    return;
                case "IN_PROGRESS":
                    break;
                default:
                    throw new DeployException($"The CodeBuild build {buildId} of {service} ended {state} in phase {phase}; its log: {log}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DeployException($"The CodeBuild build {buildId} of {service} is still {phase} after {BuildDeadline.TotalMinutes:0} minutes; its log: {log}");
            }

            runner.Pause(PollInterval);
        }
    }

    /// <summary>
    /// What the build spec reads (ImageBuilds.Variables), as the JSON form of --environment-variables-override, which
    /// keeps values with commas or spaces intact. Build arguments pass as variables of their own name.
    /// </summary>
    private static string EnvironmentOverrides(BuildRequest request, string dockerfileInZip)
    {
        List<(string Name, string Value)> variables =
        [
            (ImageBuilds.Variables.Repository, request.Repository),
            (ImageBuilds.Variables.Tag, request.Tag),
            (ImageBuilds.Variables.Dockerfile, dockerfileInZip),
            (ImageBuilds.Variables.Target, request.Image.Stage ?? string.Empty),
            (ImageBuilds.Variables.BuildArgs, string.Join(' ', request.Image.BuildArgs.Keys)),
            .. request.Image.BuildArgs.Select(arg => (arg.Key, arg.Value)),
        ];
        return JsonSerializer.Serialize(variables.Select(v => new Dictionary<string, string> { ["name"] = v.Name, ["value"] = v.Value, ["type"] = "PLAINTEXT" }));
    }
}

/// <summary>
/// One Dockerfile image to build and push. <see cref="Context"/> and <see cref="Dockerfile"/> are full paths;
/// <see cref="EcrPassword"/> is asked for only by a local build (its engine logs in with it); <see cref="WorkFolder"/>
/// holds a CodeBuild build's zip and <see cref="SourceBucket"/> is where it goes (CodeBuild builds only).
/// </summary>
internal sealed record BuildRequest(
    string Service,
    DockerfileImage Image,
    string Context,
    string Dockerfile,
    string Repository,
    string Tag,
    string Account,
    Func<string> EcrPassword,
    string WorkFolder,
    string SourceBucket);
