using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Gates;

/// <summary>The cdk-nag AwsSolutions gate: zero errors, every acknowledgement with its reason.</summary>
public sealed class NagGateTests(SynthesizedEnvironments environments)
{
    public static TheoryData<string> Variants => new() { "dev", "prod", "staging", "alternatives", "three-projects", "two-public", "containers", "notes-sample", "jobs" };

    private Task<SynthesizedApp> Synthesized(string variant, CancellationToken cancellationToken) => variant switch
    {
        "dev" => environments.Dev(cancellationToken),
        "prod" => environments.Prod(cancellationToken),
        "staging" => environments.Staging(cancellationToken),
        "alternatives" => environments.Alternatives(cancellationToken),
        "containers" => environments.Containers(cancellationToken),
        "notes-sample" => environments.NotesSample(cancellationToken),
        "three-projects" => environments.ThreeProjects(cancellationToken),
        "jobs" => environments.Jobs(cancellationToken),
        _ => environments.TwoPublicServices(cancellationToken),
    };

    [Theory(Timeout = TestTimeouts.NagGate)]
    [MemberData(nameof(Variants))]
    public async Task TheAwsSolutionsPackFindsNoErrors(string variant)
    {
        // Arrange
        var synthesized = await Synthesized(variant, TestContext.Current.CancellationToken);

        // Act
        var (exitCode, output) = await NagCheck.RunAsync(synthesized.TemplatePaths, TestContext.Current.CancellationToken);

        // Assert: every variant has a public service, so the edge security stack is among the checked templates.
        Assert.Contains(synthesized.Result.EdgeSecurityTemplatePath!, synthesized.TemplatePaths);
        TestContext.Current.SendDiagnosticMessage(output);
        Assert.DoesNotContain("ERROR ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNUSED ", output, StringComparison.Ordinal);
        Assert.Contains("nag-check: passed", output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryAcknowledgementCarriesAReasonOfAFullSentence()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var acknowledgements = synthesized.Application.Resources
            .SelectMany(r => r.Value!["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray() ?? [])
            .Select(rule => (Id: rule!["id"]!.GetValue<string>(), Reason: rule["reason"]!.GetValue<string>()))
            .ToList();

        // Assert
        Assert.NotEmpty(acknowledgements);
        Assert.All(acknowledgements, a =>
        {
            Assert.StartsWith("AwsSolutions-", a.Id, StringComparison.Ordinal);
            Assert.True(a.Reason.Length >= 40 && a.Reason.EndsWith('.'), $"{a.Id}: '{a.Reason}'");
        });
    }

    [Fact(Timeout = TestTimeouts.NagGate)]
    public async Task TheGateFailsWhenAnAcknowledgementHasNoReason()
    {
        // Arrange
        var directory = TestPaths.NewTemporaryDirectory("nag");
        var template = Path.Combine(directory, "bucket.template.json");
        var json = new JsonObject
        {
            ["Resources"] = new JsonObject
            {
                ["Logs"] = new JsonObject
                {
                    ["Type"] = "AWS::S3::Bucket",
                    ["Metadata"] = JsonNode.Parse("""{ "cdk_nag": { "rules_to_suppress": [ { "id": "AwsSolutions-S1", "reason": "  " } ] } }"""),
                },
            },
        };
        await File.WriteAllTextAsync(template, json.ToJsonString(), TestContext.Current.CancellationToken);

        // Act
        var (exitCode, output) = await NagCheck.RunAsync([template], TestContext.Current.CancellationToken);

        // Assert
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ERROR nag-check bucket.template.json Logs: acknowledgement of AwsSolutions-S1 has no reason", output, StringComparison.Ordinal);
        Assert.Contains("ERROR AwsSolutions-S10", output, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }
}
