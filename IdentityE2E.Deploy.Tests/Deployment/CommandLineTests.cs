using IdentityE2E.Deploy.Cli;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

public sealed class CommandLineTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => DeployTool.Run(args);

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task SynthWritesEveryTemplateAndPrintsTheSummary()
    {
        // Arrange
        var directory = TestPaths.NewTemporaryDirectory("cli");
        var output = Path.Combine(directory, "out");

        // Act
        var (exitCode, summary, error) = await Task.Run(() => Run("synth", "--environment", "dev", "--manifest", TestPaths.ContractManifest, "--output", output), TestContext.Current.CancellationToken)
            .WaitAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        Assert.True(File.Exists(Path.Combine(output, "IdentityE2E-dev-registry.template.json")));
        Assert.True(File.Exists(Path.Combine(output, "IdentityE2E-dev-app.template.json")));
        Assert.True(File.Exists(Path.Combine(output, "IdentityE2E-dev-edge-security.template.json")));
        foreach (var section in new[] { "Stacks", "IdentityE2E-dev-edge-security", "Services", "backend          internal at http://backend:8080", "frontend         public via CloudFront (AWS WAF)", "Tables", "Parameters a deploy", "ImageTag", "Estimated monthly cost", "AWS WAF", "Total", "Assumptions" })
        {
            Assert.Contains(section, summary, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("PrefixList", summary, StringComparison.Ordinal);

        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("{ \"resources\": { \"backend\": ", "is not valid JSON")]
    [InlineData("""{ "resources": { "dynamodb-admin": { "type": "executable.v0" } } }""", "Resource 'dynamodb-admin' has type 'executable.v0'")]
    [InlineData("""{ "resources": { "api": { "type": "project.v0", "path": "A/A.csproj", "env": { "X": "{db.connectionString}" } } } }""", "Resource 'api': env 'X' holds placeholder '{db.connectionString}'")]
    public void ABadManifestFailsWithOneLineAndWritesNoTemplate(string manifest, string message)
    {
        // Arrange
        var directory = TestPaths.NewTemporaryDirectory("bad-manifest");
        var path = Path.Combine(directory, "aspire-manifest.json");
        File.WriteAllText(path, manifest);
        var output = Path.Combine(directory, "out");

        // Act
        var (exitCode, _, error) = Run("synth", "--environment", "dev", "--manifest", path, "--output", output);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(output));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void AnUnknownOptionIsAnErrorThatListsTheKnownOnes()
    {
        // Arrange
        var args = new[] { "deploy", "--environment", "dev", "--force" };

        // Act
        var (exitCode, _, error) = Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal("error: Unknown option --force for 'deploy' (it takes --environment, --manifest, --tag, --output, --dry-run, --approve-broadening).", error.Trim());
    }

    [Fact]
    public void ApproveBroadeningIsAFlagOfDeployOnly()
    {
        // Arrange
        var deploy = new[] { "deploy", "--environment", "prod", "--approve-broadening" };
        var destroy = new[] { "destroy", "--environment", "prod", "--approve-broadening" };

        // Act
        var parsed = CommandLine.Parse(deploy);
        var (exitCode, _, error) = Run(destroy);

        // Assert
        Assert.True(parsed.Flag("approve-broadening"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: Unknown option --approve-broadening for 'destroy'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingEnvironmentIsAnError()
    {
        // Arrange
        var args = new[] { "synth" };

        // Act
        var (exitCode, _, error) = Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("'synth' needs --environment <name>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutArgumentsTheUsageIsPrinted()
    {
        // Arrange
        var args = Array.Empty<string>();

        // Act
        var (exitCode, output, _) = Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("synth   --environment <name>", output, StringComparison.Ordinal);
        Assert.Contains("deploy  --environment <name>", output, StringComparison.Ordinal);
        Assert.Contains("destroy --environment <name>", output, StringComparison.Ordinal);
    }
}
