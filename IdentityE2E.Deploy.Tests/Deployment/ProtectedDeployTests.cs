using IdentityE2E.Deploy.Cli;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>An environment with "protectedDeploy": true (prod) deploys committed code only and asks before broadening changes.</summary>
public sealed class ProtectedDeployTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => DeployTool.Run(args);

    private static List<string> CommandLines(string output) =>
        [.. output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("$ ", StringComparison.Ordinal))];

    [Fact]
    public void AProtectedEnvironmentChecksTheWorkingTreeFirstAndLetsCdkAskBeforeBroadeningChanges()
    {
        // Arrange
        var args = new[] { "deploy", "--environment", "prod", "--dry-run", "--manifest", TestPaths.ContractManifest };

        // Act
        var (exitCode, output, error) = Run(args);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        var commands = CommandLines(output);
        Assert.Contains("git status --porcelain --untracked-files=no", commands[0], StringComparison.Ordinal);
        var deploys = commands.Where(line => line.Contains(" deploy IdentityE2E-prod-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, deploys.Count); // registry, edge security, application
        Assert.All(deploys, line => Assert.Contains("--require-approval broadening", line, StringComparison.Ordinal));
        Assert.Contains("stops without a terminal (rerun with --approve-broadening", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ApprovingBroadeningInAdvanceDeploysAProtectedEnvironmentWithoutAskingButStillOnlyFromACleanTree()
    {
        // Arrange
        var args = new[] { "deploy", "--environment", "prod", "--dry-run", "--approve-broadening", "--manifest", TestPaths.ContractManifest };

        // Act
        var (exitCode, output, _) = Run(args);

        // Assert
        Assert.Equal(0, exitCode);
        var commands = CommandLines(output);
        Assert.Contains("git status --porcelain", commands[0], StringComparison.Ordinal);
        Assert.All(commands.Where(line => line.Contains(" deploy IdentityE2E-prod-", StringComparison.Ordinal)),
            line => Assert.Contains("--require-approval never", line, StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnprotectedEnvironmentNeverAsksAndDoesNotRequireACleanTree()
    {
        // Arrange
        var args = new[] { "deploy", "--environment", "dev", "--dry-run", "--tag", "0123456789ab", "--manifest", TestPaths.ContractManifest };

        // Act
        var (exitCode, output, _) = Run(args);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("git status", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--require-approval broadening", output, StringComparison.Ordinal);
        Assert.Equal(3, CommandLines(output).Count(line => line.Contains("--require-approval never", StringComparison.Ordinal)));
    }

    [Fact]
    public void AProtectedEnvironmentRefusesUncommittedChangesBeforeAnythingElseRuns()
    {
        // Arrange
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "prod");
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));
        var runner = new DirtyTreeRunner();
        using var output = new StringWriter();
        var procedure = new DeployProcedure(TestPaths.Repository, TestPaths.ContractManifest, settings, model, runner, output);

        // Act
        var error = Assert.Throws<DeployException>(() => procedure.Deploy(explicitTag: "0123456789ab"));

        // Assert
        Assert.Equal(
            "Environment 'prod' deploys committed code only (\"protectedDeploy\": true), but the working tree has 2 uncommitted changes; commit or stash them (git status) and deploy again.",
            error.Message);
        Assert.Equal(["git status --porcelain --untracked-files=no"], runner.Commands.Select(c => $"{c.Program} {string.Join(' ', c.Arguments)}"));
    }

    /// <summary>Answers git status with two changed files and records every command it is asked to run.</summary>
    private sealed class DirtyTreeRunner : ICommandRunner
    {
        public List<PlannedCommand> Commands { get; } = [];

        public void Step(string title, string? detail = null)
        {
        }

        public void Stream(string title, PlannedCommand command) => Commands.Add(command);

        public void Perform(string title, string detail, Action action) => action();

        public string Read(string title, string detail, Func<string> read, string placeholder) => read();

        public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null)
        {
            Commands.Add(command);
            return command is { Program: "git", Arguments: ["status", ..] } ? " M IdentityE2E.Backend/Program.cs\n M deploy/environments/prod.json" : placeholder;
        }

        public bool Succeeds(string title, PlannedCommand command)
        {
            Commands.Add(command);
            return false;
        }
    }
}
