using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Planning;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>The plan a pull request gets as a comment: built and tested here, without GitHub and without an AWS account.</summary>
public sealed class PlanTests(SynthesizedEnvironments environments)
{
    private const string AppStack = "IdentityE2E-staging-app";

    private const string FailingNag = """
        ERROR AwsSolutions-S1 IdentityE2E-staging-app.template.json ImportsBucket12AB: The S3 Bucket has server access logs disabled.
        ACKNOWLEDGED AwsSolutions-IAM5 IdentityE2E-staging-app.template.json backendTaskRole: The role reads only its own table.
        UNUSED AwsSolutions-L1 IdentityE2E-staging-registry.template.json Builds: The build image is pinned.
        nag-check: FAILED
        """;

    private static CloudModel Model => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));

    private static EnvironmentSettings Settings(string name) => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, name);

    private static string CapturedDiff => File.ReadAllText(TestPaths.Fixture("cdk-diff-app.txt"));

    [Fact]
    public void TheMarkdownCarriesTheMarkerTheCostBeforeAndAfterTheNagFindingsAndEachStacksDiff()
    {
        // Arrange: dev's settings as the base, prod's as the change (bigger tasks, a second NAT gateway).
        var before = CostEstimate.For(Model, Settings("dev"));
        var after = CostEstimate.For(Model, Settings("prod"));
        var plan = new Plan("staging", "us-east-1", "`origin/dev`", CostComparison.Of(before, after), NagReport.Parse(1, FailingNag),
        [
            new StackDiff("IdentityE2E-staging-registry", "cdk diff IdentityE2E-staging-registry", "Stack IdentityE2E-staging-registry\nThere were no differences\n"),
            new StackDiff(AppStack, $"cdk diff {AppStack}", CapturedDiff),
        ]);
        var nat = (Before: before.Items.Single(i => i.Name == "NAT gateways").Monthly, After: after.Items.Single(i => i.Name == "NAT gateways").Monthly);

        // Act
        var markdown = PlanDocument.Markdown(plan);

        // Assert
        Assert.StartsWith("<!-- identitye2e-plan -->\n## Plan for `staging` (us-east-1)", markdown, StringComparison.Ordinal);
        Assert.Contains("| Cost line | Before | After | Change |", markdown, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| NAT gateways | {nat.Before:$#,##0.00} | {nat.After:$#,##0.00} | +{nat.After - nat.Before:$#,##0.00} |"), markdown, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| **Total** | **{before.Total:$#,##0.00}** | **{after.Total:$#,##0.00}** | **+{after.Total - before.Total:$#,##0.00} ("), markdown, StringComparison.Ordinal);
        Assert.Contains("### Nag findings (cdk-nag AwsSolutions)\n\n**Failed**: 1 error.", markdown, StringComparison.Ordinal);
        Assert.Contains("| ERROR | AwsSolutions-S1 | IdentityE2E-staging-app.template.json | ImportsBucket12AB | The S3 Bucket has server access logs disabled. |", markdown, StringComparison.Ordinal);
        Assert.Contains("| UNUSED | AwsSolutions-L1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("#### IdentityE2E-staging-registry\n\nNo differences.", markdown, StringComparison.Ordinal);
        Assert.Contains($"#### {AppStack}\n\n2 to add, 1 to change (1 replaced), 1 to remove. **Changes IAM or security groups**", markdown, StringComparison.Ordinal);
        Assert.Contains("```diff\nStack IdentityE2E-staging-app\nIAM Statement Changes", markdown, StringComparison.Ordinal);
        Assert.Contains("[~] AWS::ECS::TaskDefinition backend/Task backendTask4E64A142 replace", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Deployment alarm", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ACostLineOnlyOneSideHasComparesWithZero()
    {
        // Arrange: the jobs manifest adds a job (Fargate jobs, import bucket) to the contract.
        var before = CostEstimate.For(Model, Settings("staging"));
        var after = CostEstimate.For(PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.JobsManifest)), Settings("staging"));

        // Act
        var added = CostComparison.Of(before, after);
        var removed = CostComparison.Of(after, before);

        // Assert
        var job = Assert.Single(added.Lines, line => line.Name == "Fargate jobs");
        Assert.Equal((0m, job.After), (job.Before, job.Delta));
        var gone = Assert.Single(removed.Lines, line => line.Name == "Fargate jobs");
        Assert.Equal((0m, -gone.Before), (gone.After, gone.Delta));
        Assert.Equal(after.Total - before.Total, added.TotalDelta);
    }

    [Fact]
    public void WithoutABaseTheCostTableSaysWhyThereIsNoBefore()
    {
        // Arrange
        var after = CostEstimate.For(Model, Settings("staging"));
        var plan = new Plan("staging", "us-east-1", "nothing", CostComparison.Of(null, after, "no base given"), NagReport.Parse(0, "nag-check: passed"), []);

        // Act
        var markdown = PlanDocument.Markdown(plan);
        var text = PlanDocument.Text(plan);

        // Assert
        Assert.Contains("> Before: no base given", markdown, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| **Total** | **n/a** | **{after.Total:$#,##0.00}** | **n/a** |"), markdown, StringComparison.Ordinal);
        Assert.Contains("**Passed**: no error", markdown, StringComparison.Ordinal);
        Assert.Contains("Nag findings: passed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ThePlanRunsTheNagGateADiffPerStackThroughTheLookupRoleAndReadsTheBaseFromGit()
    {
        // Arrange: git shows dev's settings as the base's staging.json; cdk diff answers with the captured output.
        var staging = await environments.Staging(TestContext.Current.CancellationToken);
        var runner = new ScriptedRunner(command => command switch
        {
            { Program: "git" } when command.Arguments[1].EndsWith(":aspire-manifest.json", StringComparison.Ordinal) => (0, File.ReadAllText(TestPaths.ContractManifest)),
            { Program: "git" } => (0, File.ReadAllText(Path.Combine(TestPaths.Repository.EnvironmentsDirectory, "dev.json"))),
            { Program: "node" } => (0, "nag-check: passed"),
            _ when command.Arguments.Contains(AppStack) => (0, CapturedDiff),
            _ => (0, "There were no differences"),
        });
        var procedure = new PlanProcedure(TestPaths.Repository, staging.Settings, Model, runner);

        // Act
        var plan = procedure.Run(staging.Result, new PlanBase("origin/dev", null, null), diff: true);

        // Assert
        var assembly = staging.Result.OutputDirectory;
        Assert.Equal(
        [
            $"node {Path.Combine(TestPaths.Repository.ToolsDirectory, "nag-check.mjs")} {string.Join(' ', staging.TemplatePaths)}",
            .. staging.TemplatePaths.Select(template => $"AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 FORCE_COLOR=0 {TestPaths.Repository.CdkCli} diff {Path.GetFileName(template).Replace(".template.json", string.Empty, StringComparison.Ordinal)} --app {assembly} --exclusively --method template --no-notices"),
            "git show origin/dev:aspire-manifest.json",
            "git show origin/dev:deploy/environments/staging.json",
        ], runner.Ran);
        Assert.Equal(CostEstimate.For(Model, Settings("dev")).Total, plan.Cost.TotalBefore);
        Assert.Equal(CostEstimate.For(Model, staging.Settings).Total, plan.Cost.TotalAfter);
        Assert.Equal((2, 1, 1), Assert.Single(plan.Diffs, d => d.Stack == AppStack) is var app ? (app.Added, app.Changed, app.Removed) : default);
        Assert.True(plan.Nag.Passed);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OfflineThePlanRunsNoDiffAndShowsTheCommandItWouldRun()
    {
        // Arrange: a base revision that has no staging.json yet.
        var staging = await environments.Staging(TestContext.Current.CancellationToken);
        var runner = new ScriptedRunner(command => command switch
        {
            { Program: "git" } when command.Arguments[1].EndsWith(":aspire-manifest.json", StringComparison.Ordinal) => (0, File.ReadAllText(TestPaths.ContractManifest)),
            { Program: "git" } => (128, "fatal: path 'deploy/environments/staging.json' does not exist in 'origin/dev'"),
            _ => (0, "nag-check: passed"),
        });

        // Act
        var plan = new PlanProcedure(TestPaths.Repository, staging.Settings, Model, runner).Run(staging.Result, new PlanBase("origin/dev", null, null), diff: false);
        var markdown = PlanDocument.Markdown(plan);

        // Assert
        Assert.DoesNotContain(runner.Ran, line => line.Contains(" diff ", StringComparison.Ordinal));
        Assert.Contains($"#### {AppStack}\n\n{PlanProcedure.OfflineNote}\n\n`AWS_REGION=us-east-1", markdown, StringComparison.Ordinal);
        Assert.Contains("needs AWS credentials", markdown, StringComparison.Ordinal);
        Assert.Contains("> Before: the base has no deploy/environments/staging.json: the environment is new", markdown, StringComparison.Ordinal);
        Assert.Null(plan.Cost.TotalBefore);
    }

    [Fact(Timeout = TestTimeouts.NagGate)]
    public async Task ThePlanCommandWritesTheMarkdownWithTheRealNagGateAndTheBaseFromFiles()
    {
        // Arrange
        var directory = TestPaths.NewTemporaryDirectory("plan");
        var file = Path.Combine(directory, "plan.md");
        string[] args =
        [
            "plan", "--environment", "staging", "--manifest", TestPaths.ContractManifest, "--output", Path.Combine(directory, "out"), "--out", file, "--no-diff",
            "--base-manifest", TestPaths.ContractManifest, "--base-settings", Path.Combine(TestPaths.Repository.EnvironmentsDirectory, "dev.json"),
        ];

        // Act
        var (exitCode, output, error) = await Task.Run(() => DeployTool.Run(args), TestContext.Current.CancellationToken).WaitAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        Assert.Contains($"Wrote the plan for 'staging' to {file}", output, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.StartsWith(PlanDocument.Marker, markdown, StringComparison.Ordinal);
        Assert.Contains("Run the nag gate", output, StringComparison.Ordinal);
        Assert.Contains("**Passed**: no error;", markdown, StringComparison.Ordinal);
        Assert.Contains("| Fargate tasks |", markdown, StringComparison.Ordinal);
        Assert.Contains($"#### {AppStack}", markdown, StringComparison.Ordinal);
        Assert.Contains(PlanProcedure.OfflineNote, markdown, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("--format", "html", "--format html is unknown; use markdown or text.")]
    [InlineData("--dry-run", null, "Unknown option --dry-run for 'plan'")]
    public void ABadPlanOptionIsAOneLineError(string option, string? value, string message)
    {
        // Arrange
        string[] args = ["plan", "--environment", "staging", "--manifest", TestPaths.ContractManifest, option, .. value is null ? Array.Empty<string>() : [value]];

        // Act
        var (exitCode, _, error) = DeployTool.Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    /// <summary>Answers every command from a function, records what ran, runs nothing.</summary>
    private sealed class ScriptedRunner(Func<PlannedCommand, (int ExitCode, string Output)> answer) : ICommandRunner
    {
        public List<string> Ran { get; } = [];

        public void Step(string title, string? detail = null)
        {
        }

        public void Stream(string title, PlannedCommand command) => throw new InvalidOperationException($"a plan streams nothing: {command.Display}");

        public string Capture(string title, PlannedCommand command, string placeholder, bool secretOutput = false, Action<string>? check = null) => Report(title, command, placeholder).Output;

        public void Perform(string title, string detail, Action action) => action();

        public string Read(string title, string detail, Func<string> read, string placeholder) => read();

        public bool Succeeds(string title, PlannedCommand command) => throw new InvalidOperationException($"a plan asks nothing: {command.Display}");

        public (int ExitCode, string Output) Report(string title, PlannedCommand command, string placeholder)
        {
            Ran.Add(command.Display);
            return answer(command);
        }
    }
}
