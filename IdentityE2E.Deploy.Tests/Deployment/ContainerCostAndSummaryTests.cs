using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>Container services in what synth prints: their Fargate share, the image builds' cost, their images and exceptions.</summary>
public sealed class ContainerCostAndSummaryTests(SynthesizedEnvironments environments)
{
    private static CloudModel Containers => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContainersManifest));

    private static EnvironmentSettings Dev => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev");

    [Fact]
    public void ContainersTakeAFargateShareLikeProjectsAndOnlyBuiltImagesTakeARepository()
    {
        // Arrange
        var model = Containers;

        // Act
        var settings = Dev with { SpotTasks = false };
        var estimate = CostEstimate.For(model, settings);

        // Assert: 5 services x 2 tasks x 730 h at each one's size (the default unless serviceSizes names it), ARM64 prices.
        var expected = model.Services.Sum(service => 2 * 730 * ((settings.SizeOf(service.Name).Vcpu * 0.03238m) + (settings.SizeOf(service.Name).MemoryGb * 0.00356m)));
        Assert.Equal(5, model.Services.Count);
        Assert.Equal(Math.Round(expected, 2), Math.Round(estimate.Items.Single(i => i.Name == "Fargate tasks").Monthly, 2));
        Assert.StartsWith("4 repositories", estimate.Items.Single(i => i.Name == "ECR and S3 storage").Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void CodeBuildIsPricedPerBuildMinuteWithItsAssumptionStated()
    {
        // Arrange
        var model = Containers;

        // Act
        var estimate = CostEstimate.For(model, Dev);
        var withoutCodeBuild = CostEstimate.For(model, Dev with { CodeBuild = false });

        // Assert: 2 Dockerfile images x 5 minutes x 20 deploys x $0.0034 (arm1.small, which builds linux/arm64 natively)
        var builds = estimate.Items.Single(i => i.Name == "CodeBuild image builds");
        Assert.Equal(0.68m, builds.Monthly);
        Assert.Contains("200 build minutes", builds.Basis, StringComparison.Ordinal);
        Assert.Contains(estimate.Assumptions, a => a.Contains("arm1.small, $0.0034/build minute", StringComparison.Ordinal) && a.Contains("source bucket", StringComparison.Ordinal));
        Assert.DoesNotContain(withoutCodeBuild.Items, i => i.Name == "CodeBuild image builds");
        Assert.DoesNotContain(CostEstimate.For(PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest)), Dev).Items, i => i.Name == "CodeBuild image builds");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheSummaryShowsEachServicesImagePortUserHealthAndTheExceptionsWithTheirReasons()
    {
        // Arrange
        var synthesized = await environments.Containers(TestContext.Current.CancellationToken);
        using var output = new StringWriter();

        // Act
        SynthesisSummary.Write(output, synthesized.Result, synthesized.Model, synthesized.Settings, CostEstimate.For(synthesized.Model, synthesized.Settings));

        // Assert
        var summary = output.ToString();
        Assert.Contains("ECR repositories, their KMS key, the CodeBuild project for Dockerfile images", summary, StringComparison.Ordinal);
        Assert.Contains("image: samples/notes/Dockerfile (context samples/notes), built at deploy", summary, StringComparison.Ordinal);
        Assert.Contains("container port 8000; user 10001; root file system writable; health: HTTP /health", summary, StringComparison.Ordinal);
        Assert.Contains("exception readOnlyRootFilesystem: Flask writes its instance folder next to the code.", summary, StringComparison.Ordinal);
        Assert.Contains("exception runAsRoot: The report tool's image installs its fonts at start, which only root may do.", summary, StringComparison.Ordinal);
        Assert.Contains("(pinned by digest)", summary, StringComparison.Ordinal);
        Assert.Contains("health: none (ECS replaces a task whose process exits)", summary, StringComparison.Ordinal);
        Assert.Contains("CodeBuild image builds", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSummaryPrintsAMovingTagWarningFirst()
    {
        // Arrange
        var model = PlaceholderResolver.Resolve(ManifestReader.Read("""{ "resources": { "cache": { "type": "container.v0", "image": "redis:latest" } } }"""));
        var result = new SynthesisResult(TestPaths.NewTemporaryDirectory("summary"), new Cloud.Naming("dev"), TimeSpan.FromSeconds(1))
        {
            Warnings = ImageTagReview.Warnings(model, Dev),
        };
        foreach (var stack in new[] { result.Naming.RegistryStack, result.Naming.ApplicationStack })
        {
            File.WriteAllText(result.TemplatePath(stack), """{ "Resources": {} }""");
        }

        using var output = new StringWriter();

        // Act
        SynthesisSummary.Write(output, result, model, Dev, CostEstimate.For(model, Dev));

        // Assert
        Assert.StartsWith("warning: Resource 'cache': image 'redis:latest' has no digest and the moving tag 'latest'", output.ToString().Split('\n')[1], StringComparison.Ordinal);
    }
}
