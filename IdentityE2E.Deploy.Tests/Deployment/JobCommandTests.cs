using IdentityE2E.Deploy.Cli;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>run-task and upload-import (issue 10): their dry-run plans, their errors, and a job's exit code.</summary>
public sealed class JobCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CommandLine.Run(args, Commands.All, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] PrintedCommands(string output) =>
        [.. output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("$ ", StringComparison.Ordinal))];

    [Fact]
    public void RunTaskStartsTheJobInThePrivateSubnetsWithItsArgumentsAndFollowsItsLog()
    {
        // Act
        var (exitCode, output, error) = Run("run-task", "--environment", "dev", "--dry-run", "--manifest", TestPaths.JobsManifest, "migration", "--", "import", "s3://bucket/imports/a b.csv", "--dry-run");

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        var commands = PrintedCommands(output);
        // The fifth is the one more look at the log after the stop, which a real run takes to collect the last lines.
        Assert.Equal(5, commands.Length);
        Assert.Equal(commands[3], commands[4]);
        Assert.EndsWith("aws cloudformation describe-stacks --stack-name IdentityE2E-dev-app --query 'Stacks[0].Outputs' --output json --region us-east-1", commands[0], StringComparison.Ordinal);
        Assert.EndsWith(
            "aws ecs run-task --cluster <ClusterName> --task-definition <JobmigrationTaskDefinitionArn> --launch-type FARGATE " +
            "--network-configuration 'awsvpcConfiguration={subnets=[<subnet-1>,<subnet-2>],securityGroups=[<JobmigrationSecurityGroupId>],assignPublicIp=DISABLED}' " +
            """--overrides '{"containerOverrides":[{"name":"app","command":["import","s3://bucket/imports/a b.csv","--dry-run"]}]}' """ +
            "--propagate-tags TASK_DEFINITION --enable-ecs-managed-tags --started-by identitye2e-run-task --query 'tasks[0].taskArn' --output text --region us-east-1",
            commands[1], StringComparison.Ordinal);
        Assert.Contains("aws ecs describe-tasks --cluster <ClusterName> --tasks arn:aws:ecs:<region>:<account>:task/<cluster>/<task-id>", commands[2], StringComparison.Ordinal);
        Assert.EndsWith("aws logs get-log-events --log-group-name <JobmigrationLogGroupName> --log-stream-name app/app/<task-id> --start-from-head --output json --region us-east-1", commands[3], StringComparison.Ordinal);
    }

    [Fact]
    public void UploadImportCopiesTheFileUnderImportsAndPrintsTheUriToPassToRunTask()
    {
        // Arrange
        var directory = TestPaths.NewTemporaryDirectory("import");
        var file = Path.Combine(directory, "people.csv");
        File.WriteAllText(file, "id,name\n");

        // Act
        var (exitCode, output, error) = Run("upload-import", "--environment", "dev", "--dry-run", "--manifest", TestPaths.JobsManifest, file);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        var commands = PrintedCommands(output);
        Assert.Equal(2, commands.Length);
        Assert.Contains("aws cloudformation describe-stacks --stack-name IdentityE2E-dev-app", commands[0], StringComparison.Ordinal);
        Assert.Matches($@"aws s3 cp {System.Text.RegularExpressions.Regex.Escape(file)} s3://<ImportBucketName>/imports/\d{{8}}T\d{{6}}Z-people\.csv --only-show-errors --region us-east-1$", commands[1]);
        Assert.Matches(@"run-task --environment dev migration -- import s3://<ImportBucketName>/imports/\d{8}T\d{6}Z-people\.csv", output);
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("backend", "error: 'backend' is a service, not a job; run-task starts the manifest's jobs, and its jobs are migration.")]
    [InlineData("importer", "error: Unknown job 'importer': the manifest has no resource of that name; its jobs are migration.")]
    public void RunTaskRefusesWhatIsNotAJobInOneLineBeforeAnythingRuns(string name, string message)
    {
        // Act
        var (exitCode, output, error) = Run("run-task", "--environment", "dev", "--dry-run", "--manifest", TestPaths.JobsManifest, name);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(message, error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public void UploadImportNeedsAJobInTheManifest()
    {
        // Arrange
        var directory = TestPaths.NewTemporaryDirectory("import");
        var file = Path.Combine(directory, "people.csv");
        File.WriteAllText(file, "id,name\n");

        // Act
        var (exitCode, _, error) = Run("upload-import", "--environment", "dev", "--dry-run", "--manifest", TestPaths.ContractManifest, file);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("error: The manifest has no job (PublishAsEcsTask), so the environment has no import bucket; mark the job in the AppHost and deploy.", error.Trim());
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void AnEnvironmentWhoseStackHasNoOutputsIsNotDeployed()
    {
        // Arrange
        var runner = new ScriptedRunner(("describe-stacks", "None"));
        var procedure = Procedure(runner, new StringWriter());

        // Act
        var exception = Record.Exception(() => procedure.RunTask("migration", []));

        // Assert
        Assert.IsType<DeployException>(exception);
        Assert.Equal("Environment 'dev' is not deployed: IdentityE2E-dev-app has no outputs; deploy it first.", exception.Message);
    }

    [Fact]
    public void RunTaskPrintsTheJobsLogAndReturnsItsExitCode()
    {
        // Arrange
        const string outputs = """
            [{"OutputKey":"ClusterName","OutputValue":"c"},{"OutputKey":"TaskSubnetIds","OutputValue":"s1,s2"},
             {"OutputKey":"JobmigrationTaskDefinitionArn","OutputValue":"td"},{"OutputKey":"JobmigrationSecurityGroupId","OutputValue":"sg"},
             {"OutputKey":"JobmigrationLogGroupName","OutputValue":"lg"}]
            """;
        var runner = new ScriptedRunner(
            ("describe-stacks", outputs),
            ("run-task", "arn:aws:ecs:us-east-1:1:task/c/abc123"),
            ("describe-tasks", "RUNNING\tNone\tNone"),
            ("get-log-events", """{"events":[{"message":"imported 2 of 3"}],"nextForwardToken":"f/1"}"""),
            ("describe-tasks", "STOPPED\t3\tEssential container in task exited"),
            ("get-log-events", """{"events":[{"message":"row 3: duplicate id"}],"nextForwardToken":"f/2"}"""),
            ("get-log-events", """{"events":[],"nextForwardToken":"f/2"}"""));
        using var output = new StringWriter();
        var procedure = Procedure(runner, output);

        // Act
        var exitCode = procedure.RunTask("migration", ["import", "s3://b/imports/x.csv"]);

        // Assert
        Assert.Equal(3, exitCode);
        Assert.Contains("imported 2 of 3\nrow 3: duplicate id\n", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("The job migration stopped with exit code 3 (Essential container in task exited).", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(runner.Ran, command => command.Contains("--log-stream-name app/app/abc123", StringComparison.Ordinal) && command.Contains("--next-token f/1", StringComparison.Ordinal));
    }

    [Fact]
    public void DestroyListsTheRetainedImportBucket()
    {
        // Act
        var (exitCode, output, error) = Run("destroy", "--environment", "dev", "--dry-run", "--manifest", TestPaths.JobsManifest);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        Assert.Contains("  - the import bucket (its imports expire after 7 days)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EverythingAfterTheDoubleDashGoesToTheJobUnparsed()
    {
        // Act
        var parsed = CommandLine.Parse(["run-task", "--environment", "prod", "migration", "--", "export", "--environment", "x", "--"]);

        // Assert
        Assert.Equal("migration", parsed.Positionals["job"]);
        Assert.Equal("prod", parsed.Environment);
        Assert.Equal(["export", "--environment", "x", "--"], parsed.PassThrough);
    }

    private static JobProcedure Procedure(ICommandRunner runner, TextWriter output) =>
        new(TestPaths.Repository, EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev"),
            PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.JobsManifest)), runner, output, TimeProvider.System, TimeSpan.Zero);

    /// <summary>Answers each command with the next scripted answer for it, as the AWS CLI would; runs nothing.</summary>
    private sealed class ScriptedRunner(params (string Command, string Answer)[] script) : ICommandRunner
    {
        private readonly List<(string Command, string Answer)> remaining = [.. script];

        public List<string> Ran { get; } = [];

        public void Step(string title, string? detail = null)
        {
        }

        public void Stream(string title, PlannedCommand command) => Ran.Add(command.Display);

        public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null) => Answer(command);

        public void Perform(string title, string detail, Action action) => action();

        public string Read(string title, string detail, Func<string> read, string placeholder) => read();

        public void Pause(TimeSpan interval)
        {
        }

        public bool Succeeds(string title, PlannedCommand command) => throw new InvalidOperationException("not scripted");

        public string Poll(string title, PlannedCommand command, string placeholder) => Answer(command);

        private string Answer(PlannedCommand command)
        {
            Ran.Add(command.Display);
            var index = remaining.FindIndex(entry => command.Arguments.Contains(entry.Command));
            Assert.True(index >= 0, $"unscripted: {command.Display}");
            var answer = remaining[index].Answer;
            remaining.RemoveAt(index);
            return answer;
        }
    }
}
