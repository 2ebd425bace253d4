using IdentityE2E.Deploy.Cli;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

public sealed class DeployPlanTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => DeployTool.Run(args);

    [Fact]
    public void ADryRunPrintsEveryStepInOrderAndRunsNothing()
    {
        // Arrange
        var assembly = TestPaths.Repository.DefaultOutput("dev");
        var before = Directory.Exists(assembly) ? Directory.GetLastWriteTimeUtc(assembly) : (DateTime?)null;

        // Act
        var (exitCode, output, error) = Run("deploy", "--environment", "dev", "--dry-run", "--manifest", TestPaths.ContractManifest);

        // Assert
        Assert.Equal((0, string.Empty), (exitCode, error));
        string[] steps =
        [
            "aws sts get-caller-identity", "node --version", "cdk --version", "dotnet --version", "Synthesize IdentityE2E-dev-registry, IdentityE2E-dev-edge-security and IdentityE2E-dev-app",
            "cdk bootstrap aws://<account>/us-east-1", "cdk deploy IdentityE2E-dev-registry", "cdk deploy IdentityE2E-dev-edge-security", "git rev-parse --short=12 HEAD",
            "aws ecr get-login-password", "dotnet publish", "cdk deploy IdentityE2E-dev-app", "Print the public URL, the dashboard URL and how to sign in",
        ];
        var positions = steps.Select(step => output.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.All(positions.Zip(steps), p => Assert.True(p.First >= 0, $"missing: {p.Second}"));
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain("prefix-list", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--outputs-file", output[output.IndexOf("cdk deploy IdentityE2E-dev-edge-security", StringComparison.Ordinal)..].Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("--parameters IdentityE2E-dev-app:WebAclArn=<web-acl-arn>", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), line => line.Contains("cdk bootstrap", StringComparison.Ordinal) && line.TrimStart().StartsWith("$ ", StringComparison.Ordinal));
        Assert.Equal(before, Directory.Exists(assembly) ? Directory.GetLastWriteTimeUtc(assembly) : null);
    }

    [Fact]
    public void ImagesAreBuiltForGravitonWithPublishContainerUnderTheBuildsTagAndPushedWithoutDocker()
    {
        // Arrange
        const string tag = "0123456789ab";

        // Act
        var (_, output, _) = Run("deploy", "--environment", "dev", "--dry-run", "--tag", tag, "--manifest", TestPaths.ContractManifest);

        // Assert
        var publishes = output.Split('\n').Where(line => line.TrimStart().StartsWith("$ ", StringComparison.Ordinal) && line.Contains(" dotnet publish ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, publishes.Count);
        Assert.All(publishes, line =>
        {
            Assert.Contains("-c Release -r linux-arm64 -t:PublishContainer", line, StringComparison.Ordinal);
            Assert.Contains($"-p:ContainerImageTag={tag}", line, StringComparison.Ordinal);
            Assert.Contains("-p:ContainerRegistry=<account>.dkr.ecr.us-east-1.amazonaws.com", line, StringComparison.Ordinal);
            Assert.Contains("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME=AWS DOTNET_CONTAINER_PUSH_REGISTRY_PWORD=***", line, StringComparison.Ordinal);
        });
        Assert.Contains(publishes, line => line.Contains("IdentityE2E.Backend.csproj", StringComparison.Ordinal) && line.Contains("-p:ContainerRepository=identitye2e-dev/backend", StringComparison.Ordinal));
        Assert.Contains($"--parameters IdentityE2E-dev-app:ImageTag={tag}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("git rev-parse", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnX86EnvironmentPublishesForLinuxX64AndBuildsDockerfilesForLinuxAmd64()
    {
        // Arrange
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev") with { CpuArchitecture = TaskArchitecture.X86_64 };
        var tools = new Toolchain(TestPaths.Repository, settings);
        var image = new DockerfileImage("notes", "notes/Dockerfile", new Dictionary<string, string>(), null);

        // Act
        var publish = tools.PublishImage("IdentityE2E.Backend/IdentityE2E.Backend.csproj", "identitye2e-dev/backend", "0123456789ab", "123456789012", "token");
        var build = tools.EngineBuild("docker", "notes", "notes/Dockerfile", image, "registry/notes:0123456789ab");

        // Assert
        Assert.Contains("-r linux-x64 -t:PublishContainer", publish.Display, StringComparison.Ordinal);
        Assert.Equal(["build", "--platform", "linux/amd64"], build.Arguments.Take(3));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("has space")]
    public void LatestOrAMalformedTagIsRefused(string tag)
    {
        // Arrange
        var args = new[] { "deploy", "--environment", "dev", "--dry-run", "--tag", tag, "--manifest", TestPaths.ContractManifest };

        // Act
        var (exitCode, _, error) = Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: Image tag '{tag}' is invalid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ADryRunDestroyRemovesTheApplicationStackThenTheWebAclAndSaysWhatStays()
    {
        // Arrange
        var args = new[] { "destroy", "--environment", "dev", "--dry-run", "--manifest", TestPaths.ContractManifest };

        // Act
        var (exitCode, output, _) = Run(args);

        // Assert
        Assert.Equal(0, exitCode);
        var application = output.IndexOf("cdk destroy IdentityE2E-dev-app", StringComparison.Ordinal);
        var webAcl = output.IndexOf("cdk destroy IdentityE2E-dev-edge-security", StringComparison.Ordinal);
        Assert.True(application >= 0 && webAcl > application, output);
        Assert.DoesNotContain("destroy IdentityE2E-dev-registry", output, StringComparison.Ordinal);
        Assert.Contains("DynamoDB table 'identities' with its data", output, StringComparison.Ordinal);
        Assert.Contains("the KMS data key", output, StringComparison.Ordinal);
        Assert.Contains("the audit bucket of trail identitye2e-dev-tables and its KMS key", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideUsEast1TheDeployAlsoBootstrapsUsEast1AndPutsTheWebAclThereBeforeTheApplication()
    {
        // Arrange
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev") with { Region = "eu-west-1" };
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));
        using var output = new StringWriter();
        var procedure = new DeployProcedure(TestPaths.Repository, TestPaths.ContractManifest, settings, model, new DryRunRunner(output), output);

        // Act
        procedure.Deploy("0123456789ab");

        // Assert
        var plan = output.ToString();
        string[] steps =
        [
            "cdk bootstrap aws://<account>/eu-west-1", "cdk bootstrap aws://<account>/us-east-1", "cdk deploy IdentityE2E-dev-registry",
            "Deploy the edge security stack IdentityE2E-dev-edge-security in us-east-1", "cdk deploy IdentityE2E-dev-edge-security", "cdk deploy IdentityE2E-dev-app",
        ];
        var positions = steps.Select(step => plan.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.All(positions.Zip(steps), p => Assert.True(p.First >= 0, $"missing: {p.Second}"));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void DestroyRefusesAnEnvironmentWithDeletionProtection()
    {
        // Arrange
        var args = new[] { "destroy", "--environment", "prod", "--dry-run", "--manifest", TestPaths.ContractManifest };

        // Act
        var (exitCode, output, error) = Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("cdk destroy", output, StringComparison.Ordinal);
        Assert.Contains("\"deletionProtection\": true", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithACopyRegionTheCopyVaultStackAndTheBackupSettingComeBeforeTheApplicationStack()
    {
        // Arrange
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev") with { BackupCopyRegion = "us-west-2" };
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));
        using var output = new StringWriter();
        var procedure = new DeployProcedure(TestPaths.Repository, TestPaths.ContractManifest, settings, model, new DryRunRunner(output), output);

        // Act
        procedure.Deploy(explicitTag: "0123456789ab");

        // Assert
        var plan = output.ToString();
        string[] steps =
        [
            "cdk deploy IdentityE2E-dev-registry", "cdk bootstrap aws://<account>/us-west-2",
            "aws backup update-region-settings --resource-type-management-preference DynamoDB=true --region us-east-1",
            "aws backup update-region-settings --resource-type-management-preference DynamoDB=true --region us-west-2",
            "cdk deploy IdentityE2E-dev-backup-copy", "cdk deploy IdentityE2E-dev-app",
        ];
        var positions = steps.Select(step => plan.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.All(positions.Zip(steps), p => Assert.True(p.First >= 0, $"missing: {p.Second}"));
        Assert.Equal(positions.Order(), positions);
    }
}
