using System.Diagnostics;
using Amazon.CDK;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Synthesis;

/// <summary>The synthesized stacks of one environment, written as a cloud assembly.</summary>
internal sealed record SynthesisResult(string OutputDirectory, Naming Naming, TimeSpan Duration, bool HasBackupCopy = false)
{
    /// <summary>What synthesis accepted but a reviewer should know (images with a moving tag).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether the registry stack holds the CodeBuild project for Dockerfile images.</summary>
    public bool HasImageBuilds { get; init; }

    public string RegistryTemplatePath => TemplatePath(Naming.RegistryStack);

    public string ApplicationTemplatePath => TemplatePath(Naming.ApplicationStack);

    /// <summary>The web ACL stack in us-east-1; null when no service is public, so nothing needs one.</summary>
    public string? EdgeSecurityTemplatePath => File.Exists(TemplatePath(Naming.EdgeSecurityStack)) ? TemplatePath(Naming.EdgeSecurityStack) : null;

    /// <summary>The copy region's vault stack, when the environment copies its backups there.</summary>
    public string? BackupCopyTemplatePath => HasBackupCopy ? TemplatePath(Naming.BackupCopyStack) : null;

    /// <summary>Every template of the assembly.</summary>
    public IReadOnlyList<string> TemplatePaths =>
    [
        RegistryTemplatePath,
        ApplicationTemplatePath,
        .. EdgeSecurityTemplatePath is { } edge ? [edge] : Array.Empty<string>(),
        .. BackupCopyTemplatePath is { } copy ? [copy] : Array.Empty<string>(),
    ];

    public string TemplatePath(string stack) => Path.Combine(OutputDirectory, $"{stack}.template.json");
}

/// <summary>Builds the CDK app for a cloud model and an environment, and synthesizes it into a folder.</summary>
internal static class Synthesizer
{
    /// <summary>
    /// The feature flags a new CDK 2.160 project turns on that change what we synthesize. The first one
    /// matters most: without it a deploy would reset the task count that autoscaling chose.
    /// </summary>
    private static readonly Dictionary<string, object> FeatureFlags = new()
    {
        ["@aws-cdk/aws-ecs:removeDefaultDesiredCount"] = true,
        ["@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker"] = true,
        ["@aws-cdk/aws-ecs:arnFormatIncludesClusterName"] = true,
        ["@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions"] = true,
        ["@aws-cdk/aws-ec2:restrictDefaultSecurityGroup"] = true,
        ["@aws-cdk/aws-iam:minimizePolicies"] = true,
        ["@aws-cdk/aws-kms:aliasNameRef"] = true,
        ["@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope"] = true,
        ["@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"] = true,
        ["@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021"] = true,
        ["@aws-cdk/core:enablePartitionLiterals"] = true,
    };

    public static SynthesisResult Synthesize(CloudModel model, EnvironmentSettings settings, string outputDirectory)
    {
        var stopwatch = Stopwatch.StartNew();
        // Before anything is written: a protected environment refuses an image with a moving tag.
        var warnings = ImageTagReview.Warnings(model, settings);
        ServiceSizeReview.Check(model, settings);
        PrepareOutput(outputDirectory);
        var naming = new Naming(settings.Name);
        var app = new App(new AppProps { Outdir = outputDirectory, AnalyticsReporting = false, Context = FeatureFlags });

        var registry = new RegistryStack(app, naming, [.. model.Workloads], settings, StackProps(settings, "container image registry"));
        var edgeSecurity = model.PublicServices.Any()
            ? new EdgeSecurityStack(app, naming, settings, StackProps(settings, "AWS WAF web ACL of the distribution", EdgeSecurityStack.WafRegion))
            : null;
        var application = new ApplicationStack(app, naming, model, settings, StackProps(settings, "application"));
        application.AddDependency(registry, "images are pushed to the registry before the services start");
        if (edgeSecurity is not null)
        {
            application.AddDependency(edgeSecurity, "the distribution takes the web ACL's ARN from its output");
        }

        if (settings.BackupCopyRegion is { } copyRegion)
        {
            // Another region: a dependency orders the deploys; the plan names the vault by its fixed ARN, no reference.
            var copy = new BackupCopyStack(app, naming, StackProps(settings, "backup copy vault", copyRegion));
            application.AddDependency(copy, "the backup plan copies into its vault");
        }

        Tags.Of(app).Add("application", Naming.Application);
        Tags.Of(app).Add("environment", settings.Name);

        app.Synth();
        return new SynthesisResult(Path.GetFullPath(outputDirectory), naming, stopwatch.Elapsed, settings.BackupCopyRegion is not null)
        {
            Warnings = warnings,
            HasImageBuilds = ImageBuilds.AreNeeded(model.Workloads, settings),
        };
    }

    /// <summary>
    /// Only the region is pinned: with the account left to the credentials, CDK picks two availability
    /// zones through Fn::GetAZs at deploy time instead of looking them up (which needs AWS access) now.
    /// </summary>
    private static StackProps StackProps(EnvironmentSettings settings, string what, string? region = null) => new()
    {
        Env = new Amazon.CDK.Environment { Region = region ?? settings.Region },
        Description = $"{Naming.Application} {settings.Name}: {what} (generated by IdentityE2E.Deploy from aspire-manifest.json)",
    };

    /// <summary>Starts from an empty folder so no stale template or asset of an earlier synth remains.</summary>
    private static void PrepareOutput(string outputDirectory)
    {
        if (Directory.Exists(outputDirectory))
        {
            var entries = Directory.EnumerateFileSystemEntries(outputDirectory).ToList();
            if (entries.Count > 0 && !File.Exists(Path.Combine(outputDirectory, "manifest.json")))
            {
                throw new DeployException($"Output folder '{outputDirectory}' is not empty and holds no cloud assembly; choose another --output.");
            }

            Directory.Delete(outputDirectory, recursive: true);
        }

        Directory.CreateDirectory(outputDirectory);
    }
}
