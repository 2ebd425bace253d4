using Amazon.CDK;
using Amazon.CDK.AWS.CodeBuild;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Builds Dockerfile images where the deploying machine cannot (no docker, no podman): the deploy zips the build
/// context into <see cref="Sources"/> and starts <see cref="Project"/> with the repository, tag and Dockerfile as
/// environment overrides; the project builds for the tasks' architecture (on a CodeBuild host of that architecture, so without emulation) and pushes. Its role reads
/// the sources and pushes to this environment's Dockerfile repositories, nothing else.
/// </summary>
internal sealed class ImageBuilds : Construct
{
    public const string SourceBucketOutput = "ImageBuildSourceBucket";

    /// <summary>Build contexts are needed for the minutes a build takes; a day covers a retry.</summary>
    public const int SourceExpiryDays = 1;

    public const int TimeoutMinutes = 30;

    // In this order: jsii reads every static property of a build image class at its first use, and once
    // LinuxArmBuildImage is loaded LinuxBuildImage's deprecated AMAZON_LINUX_2_ARM reads as undefined, which fails
    // LinuxBuildImage for the rest of the process (a test run synthesizes both architectures).
    private static readonly IBuildImage X86Image = LinuxBuildImage.STANDARD_7_0;

    // Amazon Linux 2 aarch64 standard 3.0: docker and the AWS CLI, as standard 7.0 has them on x86.
    private static readonly IBuildImage ArmImage = LinuxArmBuildImage.AMAZON_LINUX_2_STANDARD_3_0;

    /// <summary>The environment variables the build spec reads; the deploy overrides them for every build.</summary>
    public static class Variables
    {
        public const string Repository = "IMAGE_REPOSITORY";
        public const string Tag = "IMAGE_TAG";
        public const string Dockerfile = "IMAGE_DOCKERFILE";
        public const string Target = "IMAGE_TARGET";

        /// <summary>The names of the build arguments, space-separated; each value arrives as a variable of that name.</summary>
        public const string BuildArgs = "IMAGE_BUILD_ARGS";
    }

    /// <summary>The registry stack holds the project when a service is built from a Dockerfile and the environment allows it.</summary>
    public static bool AreNeeded(IEnumerable<ServiceModel> services, EnvironmentSettings settings) =>
        settings.CodeBuild && services.Any(service => service.Image is DockerfileImage);

    public ImageBuilds(Construct scope, string id, Naming naming, IKey key, EnvironmentSettings settings, IEnumerable<Repository> repositories)
        : base(scope, id)
    {
        Sources = new Bucket(this, "Sources", new BucketProps
        {
            Encryption = BucketEncryption.KMS,
            EncryptionKey = key,
            BucketKeyEnabled = true,
            EnforceSSL = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules = [new Amazon.CDK.AWS.S3.LifecycleRule { Expiration = Duration.Days(SourceExpiryDays), AbortIncompleteMultipartUploadAfter = Duration.Days(1) }],
            // Nothing in it outlives a day; an empty bucket goes with the stack.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Acknowledge(Sources, new NagRule(
            "AwsSolutions-S1",
            "The bucket only carries build contexts (source code already in git) from the deploy to CodeBuild and empties itself after a day; access logs would record nothing but those uploads and CodeBuild's reads."));

        var logs = LogGroups.Create(this, "Logs", key, settings.LogRetentionDays);
        var arm = settings.CpuArchitecture == TaskArchitecture.Arm64;
        Project = new Project(this, "Project", new ProjectProps
        {
            ProjectName = naming.ImageBuildProject,
            Description = $"Builds the {naming.Environment} Dockerfile images of {Naming.Application} and pushes them to their ECR repositories.",
            // No source of its own: the deploy points every build at the zip it uploaded (--source-type-override S3
            // --source-location-override), and the role reads exactly that bucket (below), not what Source.S3 grants.
            Environment = new BuildEnvironment
            {
                // An ARM host (ARM_CONTAINER, arm1.small) builds linux/arm64 natively: docker would need QEMU on an x86 one.
                BuildImage = arm ? ArmImage : X86Image,
                ComputeType = ComputeType.SMALL,
                Privileged = true,
                EnvironmentVariables = new Dictionary<string, IBuildEnvironmentVariable>
                {
                    ["IMAGE_REGISTRY"] = new BuildEnvironmentVariable { Value = $"{Aws.ACCOUNT_ID}.dkr.ecr.{Aws.REGION}.{Aws.URL_SUFFIX}" },
                    ["IMAGE_PLATFORM"] = new BuildEnvironmentVariable { Value = settings.CpuArchitecture.ImagePlatform() },
                },
            },
            BuildSpec = BuildSpec.FromObject(BuildSpecification),
            EncryptionKey = key,
            Logging = new LoggingOptions { CloudWatch = new CloudWatchLoggingOptions { LogGroup = logs } },
            Timeout = Duration.Minutes(TimeoutMinutes),
        });
        // Privileged mode runs the Docker daemon that builds the image; the build runs only the Dockerfiles of this
        // repository, on CodeBuild's short-lived host. (cdk-nag's CB3 does not flag it for a standard image.)

        // Any build context of any deploy: each build reads the zip the deploy just uploaded under its own key.
        Project.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject", "s3:GetObjectVersion"],
            Resources = [Sources.ArnForObjects("*")],
        }));
        Project.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetBucketAcl", "s3:GetBucketLocation"],
            Resources = [Sources.BucketArn],
        }));
        Sources.EncryptionKey!.GrantDecrypt(Project);
        foreach (var repository in repositories)
        {
            repository.GrantPullPush(Project);
        }
    }

    public Bucket Sources { get; }

    public Project Project { get; }

    /// <summary>Acknowledges the role's wildcard findings once every statement has been added.</summary>
    public void AcknowledgeWildcards()
    {
        var stack = Stack.Of(this);
        var bucket = stack.GetLogicalId((CfnElement)Sources.Node.DefaultChild!);
        var project = stack.GetLogicalId((CfnElement)Project.Node.DefaultChild!);
        var arn = $"arn:{stack.Partition}:{{0}}:{stack.Region}:<AWS::AccountId>";
        Nag.Acknowledge(Project.Role!.Node.FindChild("DefaultPolicy"), new NagRule(
            "AwsSolutions-IAM5",
            "Each build reads the zip its deploy uploaded under a key of its own, so the role reads any object of the source bucket (only build contexts, gone after a day); " +
            "ecr:GetAuthorizationToken has no resource-level permissions; CodeBuild names the log streams and report groups of this one project per build; " +
            "the KMS wildcards are the data-key operations (GenerateDataKey*, ReEncrypt*) on the one registry key.",
            $"Resource::<{bucket}.Arn>/*",
            "Resource::*",
            $"Resource::{string.Format(System.Globalization.CultureInfo.InvariantCulture, arn, "logs")}:log-group:/aws/codebuild/<{project}>:*",
            $"Resource::{string.Format(System.Globalization.CultureInfo.InvariantCulture, arn, "codebuild")}:report-group/<{project}>-*",
            "Action::kms:GenerateDataKey*",
            "Action::kms:ReEncrypt*"));
    }

    /// <summary>
    /// Log in, build for the task's platform with the Dockerfile, target and build arguments of the override, push under
    /// the build's tag. Plain sh (CodeBuild's default shell); the build arguments pass by name, so no value is ever split
    /// or interpreted by the shell.
    /// </summary>
    private static Dictionary<string, object> BuildSpecification => new()
    {
        ["version"] = "0.2",
        ["phases"] = new Dictionary<string, object>
        {
            ["pre_build"] = new Dictionary<string, object>
            {
                ["commands"] = new[] { "aws ecr get-login-password --region \"$AWS_DEFAULT_REGION\" | docker login --username AWS --password-stdin \"$IMAGE_REGISTRY\"" },
            },
            ["build"] = new Dictionary<string, object>
            {
                ["commands"] = new[]
                {
                    $"BUILD_ARG_FLAGS=$(for name in ${Variables.BuildArgs}; do printf -- '--build-arg %s ' \"$name\"; done); " +
                    $"docker build --platform \"$IMAGE_PLATFORM\" --file \"${Variables.Dockerfile}\" ${{{Variables.Target}:+--target \"${Variables.Target}\"}} $BUILD_ARG_FLAGS " +
                    $"--tag \"$IMAGE_REGISTRY/${Variables.Repository}:${Variables.Tag}\" .",
                    $"docker push \"$IMAGE_REGISTRY/${Variables.Repository}:${Variables.Tag}\"",
                },
            },
        },
    };
}
