using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The ECR repositories, one per service the publisher builds (a project or a Dockerfile; an image from a registry is
/// used as given), the KMS key that encrypts them and, where Dockerfile images may be built in the cloud, the CodeBuild
/// project that builds them. Deployed before images are pushed and before the application stack; it stays when the
/// application stack is destroyed.
/// </summary>
internal sealed class RegistryStack : Stack
{
    public RegistryStack(Construct scope, Naming naming, IReadOnlyList<ServiceModel> services, EnvironmentSettings settings, IStackProps props)
        : base(scope, naming.RegistryStack, props)
    {
        var key = new Key(this, "RegistryKey", new KeyProps
        {
            Description = $"Encrypts the {naming.Environment} container images of {Naming.Application}.",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        var dockerfileRepositories = new List<Repository>();
        foreach (var service in services.Where(service => service.IsBuilt))
        {
            var repository = new Repository(this, $"{service.Name}Repository", new RepositoryProps
            {
                RepositoryName = naming.Repository(service.Name),
                ImageScanOnPush = true,
                // Every build pushes a new tag (the git commit); a tag never moves to other content.
                ImageTagMutability = TagMutability.IMMUTABLE,
                Encryption = RepositoryEncryption.KMS,
                EncryptionKey = key,
                LifecycleRules =
                [
                    new LifecycleRule { RulePriority = 1, Description = "Drop untagged layers of failed pushes", TagStatus = TagStatus.UNTAGGED, MaxImageAge = Duration.Days(7) },
                    new LifecycleRule { RulePriority = 2, Description = "Keep the last 30 images for rollbacks", TagStatus = TagStatus.ANY, MaxImageCount = 30 },
                ],
                // Images are what a rollback needs; deleting the stack must not delete them.
                RemovalPolicy = RemovalPolicy.RETAIN,
            });
            _ = new CfnOutput(this, $"{service.Name}RepositoryUri", new CfnOutputProps { Value = repository.RepositoryUri });
            if (service.Image is DockerfileImage)
            {
                dockerfileRepositories.Add(repository);
            }
        }

        if (ImageBuilds.AreNeeded(services, settings))
        {
            AllowLogs(key);
            var builds = new ImageBuilds(this, "ImageBuilds", naming, key, settings, dockerfileRepositories);
            builds.AcknowledgeWildcards();
            _ = new CfnOutput(this, ImageBuilds.SourceBucketOutput, new CfnOutputProps
            {
                Value = builds.Sources.BucketName,
                Description = "Where the deploy uploads the build contexts of Dockerfile images for CodeBuild.",
            });
        }
    }

    /// <summary>The image builds' log group is encrypted with the registry key, which CloudWatch Logs must be allowed to use.</summary>
    private static void AllowLogs(Key key) => key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
    {
        Sid = "CloudWatchLogsUsesTheKeyForThisAccountsLogGroups",
        Principals = [new ServicePrincipal($"logs.{Aws.REGION}.amazonaws.com")],
        Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
        Resources = ["*"],
        Conditions = new Dictionary<string, object>
        {
            ["ArnLike"] = new Dictionary<string, object>
            {
                ["kms:EncryptionContext:aws:logs:arn"] = $"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:*",
            },
        },
    }));
}
