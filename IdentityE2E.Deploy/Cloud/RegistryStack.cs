using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.KMS;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The ECR repositories, one per project, and the KMS key that encrypts them. Deployed before images are
/// pushed and before the application stack; it stays when the application stack is destroyed.
/// </summary>
internal sealed class RegistryStack : Stack
{
    public RegistryStack(Construct scope, Naming naming, IEnumerable<string> projects, IStackProps props)
        : base(scope, naming.RegistryStack, props)
    {
        var key = new Key(this, "RegistryKey", new KeyProps
        {
            Description = $"Encrypts the {naming.Environment} container images of {Naming.Application}.",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        foreach (var project in projects)
        {
            var repository = new Repository(this, $"{project}Repository", new RepositoryProps
            {
                RepositoryName = naming.Repository(project),
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
            _ = new CfnOutput(this, $"{project}RepositoryUri", new CfnOutputProps { Value = repository.RepositoryUri });
        }
    }
}
