using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>
/// How a deploy turns Dockerfiles into images: with docker or podman when one answers, else in CodeBuild, else an
/// error before anything deploys. The dry run asks the engines through an injected probe, so each path is planned here
/// whatever this machine has installed.
/// </summary>
public sealed class DockerfileDeployPlanTests
{
    private const string Tag = "0123456789ab";

    private const string Registry = "<account>.dkr.ecr.us-east-1.amazonaws.com";

    private static EnvironmentSettings Dev => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev");

    private static CloudModel Model => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContainersManifest));

    private static string FixtureFolder => Path.GetDirectoryName(TestPaths.ContainersManifest)!;

    private static string Plan(EnvironmentSettings settings, Func<PlannedCommand, bool> probe, ICommandRunner? runner = null)
    {
        using var output = new StringWriter();
        var procedure = new DeployProcedure(TestPaths.Repository, TestPaths.ContainersManifest, settings, Model, runner ?? new DryRunRunner(output, probe), output);
        procedure.Deploy(Tag);
        return output.ToString();
    }

    private static List<string> CommandLines(string plan) =>
        [.. plan.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("$ ", StringComparison.Ordinal)).Select(line => line[2..])];

    private static void AssertInOrder(string plan, params string[] steps)
    {
        var positions = steps.Select(step => plan.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.All(positions.Zip(steps), p => Assert.True(p.First >= 0, $"missing: {p.Second}\n{plan}"));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void WhenDockerAnswersTheDockerfileImagesAreBuiltHereForTheTasksPlatformAndPushedUnderTheBuildsTag()
    {
        // Arrange
        var probe = (PlannedCommand command) => command.Program == "docker";

        // Act
        var plan = Plan(Dev, probe);

        // Assert
        var notesContext = Path.Combine(FixtureFolder, "samples", "notes");
        var reportContext = Path.Combine(FixtureFolder, "tools", "report");
        AssertInOrder(plan,
            "$ docker info", "Dockerfile images: built here with docker for linux/arm64", "cdk deploy IdentityE2E-dev-registry",
            "aws ecr get-login-password",
            $"$ docker login --username AWS --password-stdin {Registry} <<< ***",
            $"$ docker build --platform linux/arm64 --file {notesContext}/Dockerfile --tag {Registry}/identitye2e-dev/notes:{Tag} {notesContext}",
            $"$ docker push {Registry}/identitye2e-dev/notes:{Tag}",
            "docs runs public.ecr.aws/nginx/nginx-unprivileged:1.27@sha256:",
            $"$ docker build --platform linux/arm64 --file {reportContext}/Dockerfile --target runtime --build-arg PYTHON_VERSION=3.12 --tag {Registry}/identitye2e-dev/report:{Tag} {reportContext}",
            "cdk deploy IdentityE2E-dev-app");
        Assert.DoesNotContain("podman info", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("codebuild", plan, StringComparison.Ordinal);
        Assert.Single(CommandLines(plan), line => line.StartsWith("docker login", StringComparison.Ordinal));
        Assert.DoesNotContain(CommandLines(plan), line => line.Contains("identitye2e-dev/docs", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenOnlyPodmanAnswersItBuildsWithTheSameCommands()
    {
        // Arrange
        var probe = (PlannedCommand command) => command.Program == "podman";

        // Act
        var plan = Plan(Dev, probe);

        // Assert
        AssertInOrder(plan, "$ docker info", "$ podman info", "Dockerfile images: built here with podman", "$ podman login --username AWS --password-stdin", "$ podman build --platform linux/arm64", "$ podman push");
    }

    [Fact]
    public void WithoutDockerOrPodmanCodeBuildBuildsEachImageFromItsZippedContextAndTheDeployWaitsForIt()
    {
        // Arrange
        var nothingAnswers = (PlannedCommand _) => false;

        // Act
        var plan = Plan(Dev, nothingAnswers);

        // Assert
        var commands = CommandLines(plan);
        AssertInOrder(plan,
            "$ docker info", "$ podman info", "Dockerfile images: built in AWS CodeBuild (project identitye2e-dev-image-build",
            "cdk deploy IdentityE2E-dev-registry",
            "Zip the build context of notes for CodeBuild (what .dockerignore excludes stays out)",
            $"$ AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 aws s3 cp {Path.Combine(TestPaths.Repository.DefaultOutput("dev"), "image-builds", $"notes-{Tag}.zip")} s3://<build-source-bucket>/notes/{Tag}.zip",
            $"aws codebuild start-build --project-name identitye2e-dev-image-build --source-type-override S3 --source-location-override <build-source-bucket>/notes/{Tag}.zip",
            "aws codebuild batch-get-builds --ids <build-id>",
            "notes: COMPLETED",
            "Zip the build context of report",
            "cdk deploy IdentityE2E-dev-app");
        Assert.Contains("--outputs-file", commands.Single(line => line.Contains("cdk deploy IdentityE2E-dev-registry", StringComparison.Ordinal)), StringComparison.Ordinal);
        var notesBuild = commands.Single(line => line.Contains("start-build", StringComparison.Ordinal) && line.Contains("/notes/", StringComparison.Ordinal));
        Assert.Contains("""{"name":"IMAGE_REPOSITORY","value":"identitye2e-dev/notes","type":"PLAINTEXT"}""", notesBuild, StringComparison.Ordinal);
        Assert.Contains($$"""{"name":"IMAGE_TAG","value":"{{Tag}}","type":"PLAINTEXT"}""", notesBuild, StringComparison.Ordinal);
        Assert.Contains("""{"name":"IMAGE_DOCKERFILE","value":"Dockerfile","type":"PLAINTEXT"}""", notesBuild, StringComparison.Ordinal);
        var reportBuild = commands.Single(line => line.Contains("start-build", StringComparison.Ordinal) && line.Contains("/report/", StringComparison.Ordinal));
        Assert.Contains("""{"name":"IMAGE_TARGET","value":"runtime","type":"PLAINTEXT"}""", reportBuild, StringComparison.Ordinal);
        Assert.Contains("""{"name":"IMAGE_BUILD_ARGS","value":"PYTHON_VERSION","type":"PLAINTEXT"}""", reportBuild, StringComparison.Ordinal);
        Assert.Contains("""{"name":"PYTHON_VERSION","value":"3.12","type":"PLAINTEXT"}""", reportBuild, StringComparison.Ordinal);
        Assert.DoesNotContain(commands, line => line.StartsWith("docker ", StringComparison.Ordinal) && !line.StartsWith("docker info", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutDockerOrPodmanAndWithoutCodeBuildTheDeployStopsBeforeAnythingDeploysAndSaysWhatToDo()
    {
        // Arrange
        var settings = Dev with { CodeBuild = false };
        using var output = new StringWriter();
        var procedure = new DeployProcedure(TestPaths.Repository, TestPaths.ContainersManifest, settings, Model, new DryRunRunner(output, _ => false), output);

        // Act
        var error = Assert.Throws<DeployException>(() => procedure.Deploy(Tag));

        // Assert
        Assert.Equal(
            "notes, report are built from a Dockerfile, but neither docker nor podman answers on this machine and deploy/environments/dev.json has \"codeBuild\": false; install and start Docker or Podman, or set \"codeBuild\": true to build them in AWS CodeBuild.",
            error.Message);
        Assert.DoesNotContain("cdk deploy", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedCodeBuildBuildStopsTheDeployWithItsLogLink()
    {
        // Arrange
        using var output = new StringWriter();
        var runner = new FailingBuildRunner(new DryRunRunner(output, _ => false));
        var procedure = new DeployProcedure(TestPaths.Repository, TestPaths.ContainersManifest, Dev, Model, runner, output);

        // Act
        var error = Assert.Throws<DeployException>(() => procedure.Deploy(Tag));

        // Assert
        Assert.Equal("The CodeBuild build <build-id> of notes ended FAILED in phase BUILD; its log: https://console.aws.amazon.com/cloudwatch/home#logsV2:log-groups/builds", error.Message);
        Assert.DoesNotContain("cdk deploy IdentityE2E-dev-app", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnImageWithAMovingTagStopsAProtectedDeployBeforeAnythingRunsAndIsAWarningElsewhere()
    {
        // Arrange
        var manifest = ManifestReader.Read("""{ "resources": { "cache": { "type": "container.v0", "image": "redis" } } }""");
        var model = PlaceholderResolver.Resolve(manifest);
        var prod = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "prod");
        using var prodOutput = new StringWriter();
        using var devOutput = new StringWriter();

        // Act
        var error = Assert.Throws<DeployException>(() => new DeployProcedure(TestPaths.Repository, TestPaths.ContainersManifest, prod, model, new DryRunRunner(prodOutput, _ => false), prodOutput).Deploy(Tag, approveBroadening: true));
        new DeployProcedure(TestPaths.Repository, TestPaths.ContainersManifest, Dev, model, new DryRunRunner(devOutput, _ => false), devOutput).Deploy(Tag);

        // Assert
        Assert.StartsWith("Resource 'cache': image 'redis' has no digest", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cdk ", prodOutput.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("warning: Resource 'cache': image 'redis' has no digest", devOutput.ToString(), StringComparison.Ordinal);
        Assert.Contains("cache runs redis as given: nothing to build", devOutput.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A dry run whose CodeBuild build fails in its build phase.</summary>
    private sealed class FailingBuildRunner(DryRunRunner plan) : ICommandRunner
    {
        public void Step(string title, string? detail = null) => plan.Step(title, detail);

        public void Stream(string title, PlannedCommand command) => plan.Stream(title, command);

        public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null) =>
            plan.Capture(title, command, placeholder, secretOutput, check);

        public void Perform(string title, string detail, Action action) => plan.Perform(title, detail, action);

        public string Read(string title, string detail, Func<string> read, string placeholder) => plan.Read(title, detail, read, placeholder);

        public void Pause(TimeSpan interval) => plan.Pause(interval);

        public bool Succeeds(string title, PlannedCommand command) => plan.Succeeds(title, command);

        public bool Probe(string title, PlannedCommand command) => plan.Probe(title, command);

        public string Poll(string title, PlannedCommand command, string placeholder) =>
            "FAILED\tBUILD\thttps://console.aws.amazon.com/cloudwatch/home#logsV2:log-groups/builds";
    }
}
