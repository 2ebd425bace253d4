using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

public sealed class OperationsNotesTests
{
    private const string DashboardUrl = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=identitye2e-dev";

    private static EnvironmentSettings Dev => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev");

    /// <summary>An outputs file as <c>cdk deploy --outputs-file</c> writes it: outputs per stack.</summary>
    private static string OutputsFile(params (string Name, string Value)[] outputs)
    {
        var path = Path.Combine(TestPaths.NewTemporaryDirectory("outputs"), "outputs.json");
        var stack = new JsonObject();
        foreach (var (name, value) in outputs)
        {
            stack[name] = value;
        }

        File.WriteAllText(path, new JsonObject { ["IdentityE2E-dev-app"] = stack }.ToJsonString());
        return path;
    }

    [Fact]
    public void AfterADeployTheDashboardUrlIsPrintedFromTheStackOutputs()
    {
        // Arrange
        var outputs = StackOutputs.Read(OutputsFile((ApplicationStack.PublicUrlOutput, "https://d111.cloudfront.net"), (ApplicationStack.DashboardUrlOutput, DashboardUrl)));

        // Act
        var lines = OperationsNotes.Lines(outputs, Dev).ToList();

        // Assert
        Assert.Equal($"Dashboard: {DashboardUrl}", lines[0]);
        Assert.Contains(lines, line => line.StartsWith("Alarms e-mail nobody: add addresses to \"alarmEmails\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("cloudtrail", StringComparison.Ordinal));
    }

    [Fact]
    public void WithAnExistingTrailTheSelectorAndTheOwnersCommandsArePrinted()
    {
        // Arrange
        const string selector = """{"Name":"DynamoDB data events of IdentityE2E tables","FieldSelectors":[]}""";
        var settings = Dev with { CloudTrailName = "org-trail", AlarmEmails = ["oncall@example.com"] };
        var outputs = StackOutputs.Read(OutputsFile((ApplicationStack.DashboardUrlOutput, DashboardUrl), (ApplicationStack.TableDataEventSelectorOutput, selector)));

        // Act
        var lines = OperationsNotes.Lines(outputs, settings).ToList();

        // Assert
        Assert.Contains(lines, line => line.StartsWith("Alarms e-mail oncall@example.com; each address first gets a confirmation", StringComparison.Ordinal));
        Assert.Contains("  aws cloudtrail get-event-selectors --trail-name org-trail", lines);
        Assert.Contains(lines, line => line.StartsWith("  aws cloudtrail put-event-selectors --trail-name org-trail --advanced-event-selectors", StringComparison.Ordinal) && line.Contains(selector, StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutAnOutputsFileThereIsNoDashboardLine()
    {
        // Arrange
        var missing = Path.Combine(TestPaths.NewTemporaryDirectory("outputs"), "outputs.json");

        // Act
        var lines = OperationsNotes.Lines(StackOutputs.Read(missing), Dev).ToList();

        // Assert
        Assert.DoesNotContain(lines, line => line.StartsWith("Dashboard:", StringComparison.Ordinal));
    }
}
