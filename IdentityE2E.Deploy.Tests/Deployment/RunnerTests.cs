using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>The runner owns the mode: what a real run checks, reads and waits for, a dry run names and skips.</summary>
public sealed class RunnerTests
{
    [Fact]
    public void ADryRunSkipsEveryCheckReadAndActionItIsHandedAndRecordsThemAsPlanned()
    {
        // Arrange
        using var output = new StringWriter();
        var runner = new DryRunRunner(output);
        var ran = new List<string>();

        // Act
        var account = runner.Capture("Find the account", new PlannedCommand("aws", ["sts", "get-caller-identity"]), "<account>", check: _ => ran.Add("check"));
        var arn = runner.Read("Read the web ACL", "from outputs.json", () => { ran.Add("read"); return "arn"; }, "<web-acl-arn>");
        runner.Perform("Synthesize", "into cdk.out", () => ran.Add("perform"));
        runner.Pause(TimeSpan.FromHours(1));

        // Assert
        Assert.Empty(ran);
        Assert.Equal(("<account>", "<web-acl-arn>"), (account, arn));
        Assert.Equal(["Find the account", "Read the web ACL", "Synthesize"], runner.Steps.Select(step => step.Title));
        Assert.All(runner.Steps, step => Assert.Equal(StepOutcome.Planned, step.Outcome));
        Assert.Equal("aws sts get-caller-identity", runner.Steps[0].Command);
    }

    [Fact]
    public void ARealRunChecksWhatItCapturesAndStopsAtTheFirstRefusal()
    {
        // Arrange
        using var output = new StringWriter();
        var runner = new ProcessRunner(output);

        // Act
        var error = Assert.Throws<DeployException>(() => runner.Capture(
            "Check Node.js", new PlannedCommand("echo", ["v16.0.0"]), "v20",
            check: node => throw new DeployException($"Node.js {node} is too old.")));

        // Assert
        Assert.Equal("Node.js v16.0.0 is too old.", error.Message);
        var step = Assert.Single(runner.Steps);
        Assert.Equal((1, "Check Node.js", "echo v16.0.0", StepOutcome.Failed), (step.Number, step.Title, step.Command, step.Outcome));
    }

    [Fact]
    public void ARealRunRecordsEachStepsTimeAndTheSummaryNamesTheFailedStep()
    {
        // Arrange
        using var output = new StringWriter();
        var runner = new ProcessRunner(output);

        // Act
        runner.Perform("Wait a moment", "a step the tool does itself", () => Thread.Sleep(50));
        var read = runner.Read("Read a value", "from a file", () => "value", "<value>");
        Assert.Throws<DeployException>(() => runner.Stream("Run a failing command", new PlannedCommand("false", [])));
        RunSummary.WriteText(output, "deploying 'dev'", runner.Steps, "'Run a failing command' failed");

        // Assert
        Assert.Equal("value", read);
        Assert.Equal([StepOutcome.Succeeded, StepOutcome.Succeeded, StepOutcome.Failed], runner.Steps.Select(step => step.Outcome));
        Assert.True(runner.Steps[0].Duration >= TimeSpan.FromMilliseconds(50));
        Assert.Contains("Summary: deploying 'dev' failed at step 3 after", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\[ 3\]\s+FAILED  Run a failing command", output.ToString());
    }

    [Fact]
    public void ADryRunWithJsonOutputPrintsOneDocumentOfEveryPlannedStep()
    {
        // Act
        var (exitCode, output, error) = DeployTool.Run("deploy", "--environment", "dev", "--dry-run", "--output", "json", "--manifest", TestPaths.ContractManifest);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        var document = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(("deploy", "dev", true, true, 0), ((string?)document["command"], (string?)document["environment"], (bool?)document["dryRun"], (bool?)document["succeeded"], (int?)document["exitCode"]));
        var steps = document["steps"]!.AsArray();
        Assert.True(steps.Count > 10, $"only {steps.Count} steps");
        Assert.All(steps, step => Assert.Equal("planned", (string?)step!["outcome"]));
        Assert.Contains(steps, step => ((string?)step!["command"])?.Contains("aws sts get-caller-identity", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void AnUnknownOutputFormatIsRefusedInOneLine()
    {
        // Act
        var (exitCode, _, error) = DeployTool.Run("deploy", "--environment", "dev", "--dry-run", "--output", "yaml", "--manifest", TestPaths.ContractManifest);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("error: --output takes text or json, not 'yaml'.", error.Trim());
    }
}
