using System.Diagnostics;
using System.Text.RegularExpressions;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Gates;

/// <summary>
/// The GitHub Actions workflows: valid by a real linter (action-validator, from tools/), and safe by their own
/// promises: no stored AWS keys, OIDC and one run at a time for everything that deploys or destroys.
/// </summary>
public sealed partial class WorkflowTests
{
    /// <summary>How stored AWS keys would appear: as variables, as configure-aws-credentials inputs, or read from secrets.</summary>
    private static readonly string[] StoredKeyNames = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "aws-access-key-id", "aws-secret-access-key", "secrets.AWS_"];

    public static TheoryData<string> WorkflowFiles => [.. Workflows.Files.Select(Path.GetFileName).OfType<string>()];

    private static IEnumerable<WorkflowJob> JobsThatChangeAnEnvironment =>
        Workflows.AllJobs.Where(job => ToolCommand().Matches(job.Runs).Any(m => m.Groups["command"].Value is "deploy" or "destroy"));

    [Fact]
    public void TheFourWorkflowsExist()
    {
        // Arrange
        var directory = Workflows.Directory;

        // Act
        var names = Workflows.Files.Select(Path.GetFileName).ToList();

        // Assert
        Assert.Equal(["ci.yml", "deploy.yml", "destroy-staging.yml", "plan.yml"], names);
        Assert.True(Directory.Exists(directory));
    }

    [Theory(Timeout = TestTimeouts.Synthesis)]
    [MemberData(nameof(WorkflowFiles))]
    public async Task ActionValidatorFindsNothingInTheWorkflow(string file)
    {
        // Arrange
        var validator = Path.Combine(TestPaths.Repository.ToolsDirectory, "node_modules", "@action-validator", "cli", "cli.mjs");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(validator);
        info.ArgumentList.Add(Path.Combine(Workflows.Directory, file));

        // Act
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.True(process.ExitCode == 0, $"action-validator {file} exited {process.ExitCode}:\n{await stdout}{await stderr}");
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void NoWorkflowHoldsOrReadsAwsKeys(string file)
    {
        // Arrange
        var text = File.ReadAllText(Path.Combine(Workflows.Directory, file));

        // Act
        var found = StoredKeyNames.Where(key => text.Contains(key, StringComparison.OrdinalIgnoreCase))
            .ToList();

        // Assert
        Assert.Empty(found);
    }

    [Fact]
    public void EveryJobThatDeploysOrDestroysGetsOidcCredentialsAndRunsOneAtATime()
    {
        // Arrange
        var jobs = JobsThatChangeAnEnvironment.ToList();

        // Act
        var findings = jobs.SelectMany(job => new[]
        {
            job.Scalar("permissions", "id-token") == "write" ? null : $"{job.Workflow} {job.Id}: permissions id-token: write is missing",
            job.Scalar("permissions", "contents") == "read" ? null : $"{job.Workflow} {job.Id}: permissions contents: read is missing",
            string.IsNullOrWhiteSpace(job.ConcurrencyGroup) ? $"{job.Workflow} {job.Id}: no concurrency group" : null,
            job.Scalar("concurrency", "cancel-in-progress") == "true" ? $"{job.Workflow} {job.Id}: a deploy must not be cancelled halfway" : null,
            job.StepUsing("aws-actions/configure-aws-credentials") is { } step && step.Children.ContainsKey("with")
                && WorkflowJob.StepValue((YamlDotNet.RepresentationModel.YamlMappingNode)step.Children["with"], "role-to-assume") == "${{ vars.AWS_ROLE_ARN }}"
                ? null
                : $"{job.Workflow} {job.Id}: no configure-aws-credentials with role-to-assume: ${{{{ vars.AWS_ROLE_ARN }}}}",
        }).OfType<string>().ToList();

        // Assert: deploy-staging, deploy-prod and destroy.
        Assert.Equal(["deploy.yml deploy-prod", "deploy.yml deploy-staging", "destroy-staging.yml destroy"], jobs.Select(job => $"{job.Workflow} {job.Id}").Order(StringComparer.Ordinal));
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("staging", "refs/heads/dev")]
    [InlineData("prod", "refs/heads/main")]
    public void EachEnvironmentIsDeployedFromItsBranchInItsGitHubEnvironment(string environment, string branch)
    {
        // Arrange
        var deploys = Workflows.Jobs(Path.Combine(Workflows.Directory, "deploy.yml"));

        // Act
        var job = Assert.Single(deploys, job => job.Runs.Contains($"deploy --environment {environment}", StringComparison.Ordinal));

        // Assert: prod's GitHub environment carries the required reviewers, so the job waits for them.
        Assert.Equal(environment, job.Environment);
        Assert.Equal($"github.ref == '{branch}'", job.Scalar("if"));
        Assert.Equal("gate", job.Scalar("needs"));
        Assert.Equal($"deploy-{environment}", job.ConcurrencyGroup);
    }

    [Fact]
    public void TheGateSynthesizesAndRunsTheNagCheckBeforeAnyDeploy()
    {
        // Arrange
        var deploys = Workflows.Jobs(Path.Combine(Workflows.Directory, "deploy.yml"));

        // Act
        var gate = Assert.Single(deploys, job => job.Id == "gate");

        // Assert: the gate holds no credentials.
        Assert.Contains("-- synth --environment", gate.Runs, StringComparison.Ordinal);
        Assert.Contains("node tools/nag-check.mjs", gate.Runs, StringComparison.Ordinal);
        Assert.Null(gate.StepUsing("aws-actions/configure-aws-credentials"));
        Assert.Equal(["dev", "main"], ((YamlDotNet.RepresentationModel.YamlSequenceNode)Workflows.Read(Path.Combine(Workflows.Directory, "deploy.yml"))["on"]["push"]["branches"]).Select(b => b.ToString()));
    }

    [Fact]
    public void ThePlanWorkflowPostsTheToolsMarkdownAsOneCommentFoundByItsMarker()
    {
        // Arrange
        var job = Assert.Single(Workflows.Jobs(Path.Combine(Workflows.Directory, "plan.yml")));

        // Act
        var script = job.StepUsing("actions/github-script") is { } step ? ((YamlDotNet.RepresentationModel.YamlMappingNode)step["with"])["script"].ToString() : string.Empty;

        // Assert
        Assert.Contains("-- plan --environment staging --format markdown", job.Runs, StringComparison.Ordinal);
        Assert.Contains(IdentityE2E.Deploy.Planning.PlanDocument.Marker, script, StringComparison.Ordinal);
        Assert.Contains("updateComment", script, StringComparison.Ordinal);
        Assert.Equal("write", job.Scalar("permissions", "pull-requests"));
    }

    [Fact]
    public void CiRunsTheProjectsOwnCiScriptOnEveryPushAndPullRequestWithWarmCaches()
    {
        // Arrange
        var file = Path.Combine(Workflows.Directory, "ci.yml");

        // Act
        var job = Assert.Single(Workflows.Jobs(file));
        var triggers = ((YamlDotNet.RepresentationModel.YamlMappingNode)Workflows.Read(file)["on"]).Children.Keys.Select(key => key.ToString());
        var cache = job.StepUsing("actions/cache")!;
        var node = job.StepUsing("actions/setup-node")!;

        // Assert: .ci/run installs JDK 17, Chromium, fonts and python3-flask/boto3 as root on Debian 12, as on the project's CI.
        Assert.Equal(["push", "pull_request"], triggers);
        Assert.Equal("debian:bookworm", job.Scalar("container"));
        Assert.Contains("bash .ci/run", job.Runs, StringComparison.Ordinal);
        Assert.Contains("Directory.Packages.props", cache["with"]["key"].ToString(), StringComparison.Ordinal);
        Assert.Equal("~/.nuget/packages", cache["with"]["path"].ToString());
        Assert.Equal(("npm", "tools/package-lock.json", "20"), (node["with"]["cache"].ToString(), node["with"]["cache-dependency-path"].ToString(), node["with"]["node-version"].ToString()));
        Assert.Null(job.Scalar("permissions", "id-token"));
    }

    [Fact]
    public void DestroyStagingRunsOnlyByHandAndChecksItsConfirmationBeforeAnyCredentials()
    {
        // Arrange
        var file = Path.Combine(Workflows.Directory, "destroy-staging.yml");

        // Act
        var on = (YamlDotNet.RepresentationModel.YamlMappingNode)Workflows.Read(file)["on"];
        var job = Assert.Single(Workflows.Jobs(file));
        var steps = job.Steps.Select(step => WorkflowJob.StepValue(step, "run") ?? WorkflowJob.StepValue(step, "uses") ?? string.Empty).ToList();

        // Assert
        Assert.Equal(["workflow_dispatch"], on.Children.Keys.Select(key => key.ToString()));
        Assert.Equal("true", on["workflow_dispatch"]["inputs"]["confirm"]["required"].ToString());
        Assert.Contains("\"$CONFIRM\" != \"destroy staging\"", steps[0], StringComparison.Ordinal);
        Assert.True(steps.FindIndex(step => step.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal)) > 0);
        Assert.EndsWith("-- destroy --environment staging", steps[^1], StringComparison.Ordinal);
        Assert.Equal("staging", job.Environment);
    }

    [Fact]
    public void EveryActionIsPinnedToAtLeastAMajorVersion()
    {
        // Arrange
        var uses = Workflows.AllJobs.SelectMany(job => job.Uses).ToList();

        // Act
        var unpinned = uses.Where(action => !PinnedAction().IsMatch(action)).ToList();

        // Assert
        Assert.NotEmpty(uses);
        Assert.Empty(unpinned);
    }

    [GeneratedRegex(@"IdentityE2E\.Deploy[^\n]*?--\s+(?<command>[a-z-]+)")]
    private static partial Regex ToolCommand();

    [GeneratedRegex(@"^[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();
}
