using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>
/// Where a service is built from a Dockerfile and the environment has "codeBuild": true, the registry stack holds what
/// builds it without docker: an encrypted, private, TLS-only source bucket that empties itself, and a CodeBuild project
/// whose role reads that bucket and pushes to this environment's Dockerfile repositories only.
/// </summary>
public sealed class ImageBuildTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheRegistryHoldsARepositoryForEveryImageThePublisherBuildsAndNoneForAnImageUsedAsGiven()
    {
        // Arrange
        var synthesized = await environments.Containers(TestContext.Current.CancellationToken);

        // Act
        var names = synthesized.Registry.OfType("AWS::ECR::Repository").Select(r => r.Resource["Properties"]!["RepositoryName"]!.GetValue<string>());

        // Assert
        Assert.Equal(["identitye2e-dev/backend", "identitye2e-dev/frontend", "identitye2e-dev/notes", "identitye2e-dev/report"], names.Order());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheBuildProjectIsPrivilegedOnAnArmStandardImageEncryptedWithTheRegistryKeyAndLogsEncrypted()
    {
        // Arrange
        var registry = (await environments.Containers(TestContext.Current.CancellationToken)).Registry;
        var key = Assert.Single(registry.OfType("AWS::KMS::Key")).LogicalId;

        // Act
        var project = Assert.Single(registry.OfType("AWS::CodeBuild::Project")).Resource["Properties"]!;

        // Assert
        Assert.Equal("identitye2e-dev-image-build", project["Name"]!.GetValue<string>());
        var environment = project["Environment"]!;
        // Graviton tasks: an ARM host builds linux/arm64 images natively, without QEMU.
        Assert.Equal(("ARM_CONTAINER", "aws/codebuild/amazonlinux2-aarch64-standard:3.0", "BUILD_GENERAL1_SMALL", true),
            (environment["Type"]!.GetValue<string>(), environment["Image"]!.GetValue<string>(), environment["ComputeType"]!.GetValue<string>(), environment["PrivilegedMode"]!.GetValue<bool>()));
        Assert.Equal(key, project["EncryptionKey"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        var logGroup = project["LogsConfig"]!["CloudWatchLogs"]!["GroupName"]!["Ref"]!.GetValue<string>();
        Assert.Equal(key, registry.Resource(logGroup)["Properties"]!["KmsKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal("NO_SOURCE", project["Source"]!["Type"]!.GetValue<string>());
        var buildSpec = project["Source"]!["BuildSpec"]!.GetValue<string>();
        Assert.Contains("docker build --platform", buildSpec, StringComparison.Ordinal);
        Assert.Contains("docker push", buildSpec, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnX86TheBuildProjectRunsOnAStandardLinuxImageAndBuildsForLinuxAmd64()
    {
        // Arrange
        var arm = (await environments.Containers(TestContext.Current.CancellationToken)).Registry;
        var x86 = (await environments.ContainersOnX86(TestContext.Current.CancellationToken)).Registry;

        // Act
        static (string Type, string Image, string Platform) Host(StackTemplate registry)
        {
            var environment = Assert.Single(registry.OfType("AWS::CodeBuild::Project")).Resource["Properties"]!["Environment"]!;
            var platform = environment["EnvironmentVariables"]!.AsArray().Single(v => v!["Name"]!.GetValue<string>() == "IMAGE_PLATFORM")!["Value"]!.GetValue<string>();
            return (environment["Type"]!.GetValue<string>(), environment["Image"]!.GetValue<string>(), platform);
        }

        // Assert
        Assert.Equal(("ARM_CONTAINER", "aws/codebuild/amazonlinux2-aarch64-standard:3.0", "linux/arm64"), Host(arm));
        Assert.Equal(("LINUX_CONTAINER", "aws/codebuild/standard:7.0", "linux/amd64"), Host(x86));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheSourceBucketIsEncryptedPrivateTlsOnlyAndEmptiesItselfAfterADay()
    {
        // Arrange
        var registry = (await environments.Containers(TestContext.Current.CancellationToken)).Registry;
        var key = Assert.Single(registry.OfType("AWS::KMS::Key")).LogicalId;

        // Act
        var (bucketId, bucket) = Assert.Single(registry.OfType("AWS::S3::Bucket"));
        var policy = Assert.Single(registry.OfType("AWS::S3::BucketPolicy")).Resource["Properties"]!;

        // Assert
        var encryption = bucket["Properties"]!["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!;
        Assert.Equal(("aws:kms", key), (encryption["SSEAlgorithm"]!.GetValue<string>(), encryption["KMSMasterKeyID"]!["Fn::GetAtt"]![0]!.GetValue<string>()));
        Assert.All(bucket["Properties"]!["PublicAccessBlockConfiguration"]!.AsObject(), setting => Assert.True(setting.Value!.GetValue<bool>()));
        Assert.Equal(ImageBuilds.SourceExpiryDays, bucket["Properties"]!["LifecycleConfiguration"]!["Rules"]![0]!["ExpirationInDays"]!.GetValue<int>());
        Assert.Equal(bucketId, policy["Bucket"]!["Ref"]!.GetValue<string>());
        Assert.Contains(policy["PolicyDocument"]!["Statement"]!.AsArray(), st =>
            st!["Effect"]!.GetValue<string>() == "Deny" && st["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>() == "false");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheBuildRoleReadsTheSourcesAndPushesOnlyToTheDockerfileRepositoriesOfThisEnvironment()
    {
        // Arrange
        var registry = (await environments.Containers(TestContext.Current.CancellationToken)).Registry;
        var bucket = Assert.Single(registry.OfType("AWS::S3::Bucket")).LogicalId;
        var role = Assert.Single(registry.OfType("AWS::CodeBuild::Project")).Resource["Properties"]!["ServiceRole"]!["Fn::GetAtt"]![0]!.GetValue<string>();

        // Act
        var statements = IdentityTests.StatementsOf(registry, role);

        // Assert
        var push = statements.Single(st => st["Action"]!.ToJsonString().Contains("ecr:PutImage", StringComparison.Ordinal));
        Assert.Equal(
            [registry.LogicalIdOf("AWS::ECR::Repository", "notesRepository"), registry.LogicalIdOf("AWS::ECR::Repository", "reportRepository")],
            push["Resource"]!.AsArray().Select(r => r!["Fn::GetAtt"]![0]!.GetValue<string>()).Order());
        var read = statements.Single(st => st["Action"]!.ToJsonString().Contains("s3:GetObject", StringComparison.Ordinal));
        Assert.Contains(bucket, read["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(statements, st => st["Action"]!.ToJsonString().Contains("s3:PutObject", StringComparison.Ordinal) || st["Action"]!.ToJsonString().Contains("ecr:*", StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutADockerfileServiceTheRegistryHoldsNoBuildProjectAndNoBucket()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var types = synthesized.Registry.Resources.Select(r => r.Value!["Type"]!.GetValue<string>()).ToList();

        // Assert
        Assert.True(synthesized.Settings.CodeBuild);
        Assert.DoesNotContain("AWS::CodeBuild::Project", types);
        Assert.DoesNotContain("AWS::S3::Bucket", types);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheBucketNameIsAnOutputTheDeployReads()
    {
        // Arrange
        var registry = (await environments.Containers(TestContext.Current.CancellationToken)).Registry;

        // Act
        var output = registry.Json["Outputs"]![ImageBuilds.SourceBucketOutput];

        // Assert
        Assert.NotNull(output);
        Assert.Equal(Assert.Single(registry.OfType("AWS::S3::Bucket")).LogicalId, output["Value"]!["Ref"]!.GetValue<string>());
    }
}
