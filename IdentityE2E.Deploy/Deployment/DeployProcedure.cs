using System.Globalization;
using System.Text.RegularExpressions;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// The order of a deploy: prerequisites (and how Dockerfile images get built), synthesis, registry stack, edge
/// security stack (the web ACL, in us-east-1), one image per service the publisher builds, application stack, URL. And of a destroy: the application stack,
/// then the edge security stack. Each step goes through the runner, so `--dry-run` prints precisely the
/// commands a real run would execute.
/// </summary>
internal sealed partial class DeployProcedure(
    RepositoryLayout layout,
    string manifestPath,
    EnvironmentSettings settings,
    CloudModel model,
    ICommandRunner runner,
    TextWriter output)
{
    private readonly Toolchain tools = new(layout, settings);
    private readonly Naming naming = new(settings.Name);
    private readonly string assembly = layout.DefaultOutput(settings.Name);

    /// <param name="explicitTag">An image tag to deploy instead of the git commit's.</param>
    /// <param name="approveBroadening">
    /// For a protected environment: deploy changes that broaden IAM or security groups without asking, because they
    /// were reviewed elsewhere (a CI job after an approved change). Unprotected environments never ask anyway.
    /// </param>
    public void Deploy(string? explicitTag, bool approveBroadening = false)
    {
        if (settings.ProtectedDeploy)
        {
            RequireCommittedCode();
        }

        var approval = settings.ProtectedDeploy && !approveBroadening ? "broadening" : "never";
        foreach (var warning in ImageTagReview.Warnings(model, settings))
        {
            output.WriteLine($"warning: {warning}");
        }

        var account = CheckPrerequisites(needsDotnet: model.Workloads.Any(service => service.Image is ProjectImage));
        var dockerfileServices = model.Workloads.Where(service => service.Image is DockerfileImage).Select(service => service.Name).ToList();
        var dockerfileBuilds = dockerfileServices.Count > 0 ? DockerfileBuilds.Choose(runner, tools, settings, dockerfileServices, output) : null;
        Synthesize();
        runner.Stream($"Bootstrap the CDK toolkit in aws://{account}/{settings.Region} (once per account and region; a no-op after that)", tools.Bootstrap(account, settings.Region));
        if (HasEdge && settings.Region != EdgeSecurityStack.WafRegion)
        {
            runner.Stream($"Bootstrap the CDK toolkit in aws://{account}/{EdgeSecurityStack.WafRegion} too (the web ACL of CloudFront can live nowhere else)", tools.Bootstrap(account, EdgeSecurityStack.WafRegion));
        }

        var registryOutputsFile = Path.Combine(assembly, "registry-outputs.json");
        runner.Stream(
            dockerfileBuilds?.UsesCodeBuild == true
                ? $"Deploy the registry stack {naming.RegistryStack} (ECR repositories, their KMS key, the image build project and its source bucket)"
                : $"Deploy the registry stack {naming.RegistryStack} (ECR repositories, their KMS key)",
            tools.Deploy(assembly, naming.RegistryStack, [], dockerfileBuilds?.UsesCodeBuild == true ? registryOutputsFile : null, approval));
        var edgeOutputsFile = Path.Combine(assembly, "edge-security-outputs.json");
        if (HasEdge)
        {
            runner.Stream(
                $"Deploy the edge security stack {naming.EdgeSecurityStack} in {EdgeSecurityStack.WafRegion} (AWS WAF web ACL and its logs; the application stack takes its ARN)",
                tools.Deploy(assembly, naming.EdgeSecurityStack, [], edgeOutputsFile, approval));
        }

        var tag = ImageTag(explicitTag);
        BuildImages(account, tag, dockerfileBuilds, registryOutputsFile);

        List<(string, string)> parameters = [(ApplicationStack.ImageTagParameter, tag)];
        if (HasEdge)
        {
            var webAclArn = runner.Read(
                "Read the web ACL's ARN for the application stack",
                $"the stack output {EdgeSecurityStack.WebAclArnOutput} in {edgeOutputsFile}",
                () => StackOutput(edgeOutputsFile, EdgeSecurityStack.WebAclArnOutput)
                    ?? throw new DeployException($"The edge security stack {naming.EdgeSecurityStack} deployed without its {EdgeSecurityStack.WebAclArnOutput} output ({edgeOutputsFile}); deploy again."),
                "<web-acl-arn>");
            parameters.Add((Edge.WebAclArnParameter, webAclArn));
        }

        if (settings.BackupCopyRegion is { } copyRegion)
        {
            DeployBackupCopy(account, copyRegion, approval);
        }

        var outputsFile = Path.Combine(assembly, "outputs.json");
        runner.Stream(
            $"Deploy the application stack {naming.ApplicationStack} (a failing deployment rolls back by itself: ECS blue/green or circuit breaker and alarms, then CloudFormation){ApprovalNote(approval)}",
            tools.Deploy(assembly, naming.ApplicationStack, parameters, outputsFile, approval));

        var trailNote = settings.CloudTrailName is { } trail ? $", and the event selector that trail {trail} needs ({ApplicationStack.TableDataEventSelectorOutput})" : string.Empty;
        runner.Perform(
            "Print the public URL, the dashboard URL and how to sign in",
            $"from the stack outputs {ApplicationStack.PublicUrlOutput}, {ApplicationStack.DashboardUrlOutput} and {ApplicationStack.UserPoolIdOutput} in {outputsFile}{trailNote}",
            () => PrintOutcome(tag, outputsFile));
    }

    private void PrintOutcome(string tag, string outputsFile)
    {
        output.WriteLine(StackOutput(outputsFile, ApplicationStack.PublicUrlOutput) is { } url
            ? $"Deployed '{settings.Name}' with image tag {tag}. Open {url}"
            : $"Deployed '{settings.Name}' with image tag {tag}. No service is public.");
        if (StackOutput(outputsFile, ApplicationStack.UserPoolIdOutput) is { } pool)
        {
            output.WriteLine($"Staff sign-in: user pool {pool}; create accounts with `aws cognito-idp admin-create-user --user-pool-id {pool} ...` (README, \"Sign-in in the cloud\").");
        }

        foreach (var line in OperationsNotes.Lines(StackOutputs.Read(outputsFile), settings))
        {
            output.WriteLine(line);
        }
    }

    public void Destroy()
    {
        if (settings.DeletionProtection)
        {
            throw new DeployException(
                $"Environment '{settings.Name}' has \"deletionProtection\": true, so its load balancer cannot be deleted: set it to false in deploy/environments/{settings.Name}.json, run deploy, then destroy.");
        }

        CheckPrerequisites(needsDotnet: false);
        Synthesize();
        runner.Stream($"Destroy the application stack {naming.ApplicationStack}", tools.Destroy(assembly, naming.ApplicationStack));
        if (HasEdge)
        {
            // After the application stack: its distribution uses the web ACL until it is gone.
            runner.Stream($"Destroy the edge security stack {naming.EdgeSecurityStack} in {EdgeSecurityStack.WafRegion} (the web ACL and its logs)", tools.Destroy(assembly, naming.EdgeSecurityStack));
        }

        output.WriteLine();
        output.WriteLine($"After the destroy of {naming.ApplicationStack} these stay (Retain):");
        foreach (var table in model.Tables)
        {
            output.WriteLine($"  - DynamoDB table '{table.Name}' with its data (point-in-time recovery, deletion protection on)");
        }

        output.WriteLine("  - the KMS data key that encrypts the tables and secrets (they are unreadable without it)");
        foreach (var secret in model.Secrets)
        {
            output.WriteLine($"  - Secrets Manager secret '{secret.Name}'");
        }

        output.WriteLine("  - the access-log bucket (its objects expire by the log retention)");
        if (settings.UsesOwnTrail && model.Tables.Count > 0)
        {
            output.WriteLine($"  - the audit bucket of trail {naming.AuditTrail} and its KMS key (log files expire after {TableAudit.RetentionDays} days)");
        }

        if (model.Jobs.Count > 0)
        {
            output.WriteLine($"  - the import bucket (its imports expire after {ImportBucket.ExpiryDays} days)");
        }

        output.WriteLine($"  - the registry stack {naming.RegistryStack} with its images");
        if (model.Tables.Count > 0)
        {
            output.WriteLine("  - the backup vault with its recovery points (encrypted with the data key)");
        }

        if (settings.BackupCopyRegion is { } copyRegion)
        {
            output.WriteLine($"  - the backup copy stack {naming.BackupCopyStack} in {copyRegion} with its copies");
        }

        output.WriteLine("A new deploy creates a fresh, empty table. Delete the kept resources in the AWS console once you are sure; a retained KMS key costs $1 a month until scheduled for deletion.");
    }

    /// <summary>
    /// One image per service the publisher builds, under the build's tag, unless the tag is already in ECR: projects with
    /// dotnet publish, Dockerfiles by the chosen path. An image from a registry is used as given.
    /// </summary>
    private void BuildImages(string account, string tag, DockerfileBuilds? dockerfileBuilds, string registryOutputsFile)
    {
        var manifestDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        string? password = null;
        string EcrPassword() => password ??= runner.Capture("Get an ECR push token (valid 12 hours, kept in memory, never written)", tools.EcrPassword(), "<ecr-token>", secretOutput: true);
        foreach (var service in model.Workloads)
        {
            if (service.Image is RegistryImage registry)
            {
                runner.Step($"{service.Name} runs {registry.Reference} as given: nothing to build");
                continue;
            }

            var repository = Toolchain.RepositoryName(settings, service);
            if (runner.Succeeds($"Is {repository}:{tag} already in ECR? (tags are immutable; an existing image is reused)", tools.ImageExists(repository, tag)))
            {
                continue;
            }

            switch (service.Image)
            {
                case ProjectImage project:
                    var projectPath = Toolchain.ManifestPath(manifestDirectory, project.ProjectPath);
                    runner.Stream($"Build and push {service.Name} with dotnet publish -t:PublishContainer (no Docker daemon)", tools.PublishImage(projectPath, repository, tag, account, EcrPassword()));
                    break;
                case DockerfileImage dockerfile:
                    var sourceBucket = dockerfileBuilds!.UsesCodeBuild
                        ? runner.Read(
                            "Read the image build's source bucket",
                            $"the stack output {ImageBuilds.SourceBucketOutput} in {registryOutputsFile}",
                            () => StackOutput(registryOutputsFile, ImageBuilds.SourceBucketOutput)
                                ?? throw new DeployException($"The registry stack {naming.RegistryStack} deployed without its {ImageBuilds.SourceBucketOutput} output ({registryOutputsFile}); deploy again."),
                            "<build-source-bucket>")
                        : "<build-source-bucket>";
                    dockerfileBuilds.Build(new BuildRequest(
                        service.Name, dockerfile, Toolchain.ManifestPath(manifestDirectory, dockerfile.Context), Toolchain.ManifestPath(manifestDirectory, dockerfile.Dockerfile),
                        repository, tag, account, EcrPassword, Path.Combine(assembly, "image-builds"), sourceBucket));
                    break;
            }
        }
    }

    /// <summary>A public service means a distribution, and with it the edge security stack.</summary>
    private bool HasEdge => model.PublicServices.Any();

    /// <summary>
    /// The copy region's vault, which the application stack's backup plan copies into, and the region setting that
    /// cross-region copies of DynamoDB backups need, in both regions.
    /// </summary>
    private void DeployBackupCopy(string account, string copyRegion, string approval)
    {
        runner.Stream($"Bootstrap the CDK toolkit in aws://{account}/{copyRegion} for the backup copy vault (once; a no-op after that)", tools.Bootstrap(account, copyRegion));
        foreach (var region in new[] { settings.Region, copyRegion })
        {
            runner.Stream(
                $"Turn on AWS Backup's advanced DynamoDB features in {region} (an account setting of the region; cross-region copies need it)",
                tools.BackupAdvancedDynamoDBFeatures(region));
        }

        runner.Stream($"Deploy the backup copy stack {naming.BackupCopyStack} in {copyRegion} (its vault and KMS key)", tools.Deploy(assembly, naming.BackupCopyStack, [], null, approval));
    }

    /// <summary>
    /// A protected environment runs only what a commit holds: templates, images and their tag all come from the
    /// working tree, and an uncommitted change in it could never be traced back or rebuilt.
    /// </summary>
    private void RequireCommittedCode()
    {
        var changes = runner.Capture(
            $"Is the working tree clean? ('{settings.Name}' has \"protectedDeploy\": true and deploys committed code only)", tools.GitChanges(), string.Empty);
        if (changes.Length > 0)
        {
            var files = changes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            throw new DeployException(
                $"Environment '{settings.Name}' deploys committed code only (\"protectedDeploy\": true), but the working tree has {files} uncommitted change{(files == 1 ? string.Empty : "s")}; commit or stash them (git status) and deploy again.");
        }
    }

    /// <summary>What the deploy step says about CDK's question, so nobody is surprised by a prompt or a stop in CI.</summary>
    private static string ApprovalNote(string approval) => approval == "broadening"
        ? "; CDK asks before a change broadens IAM or security groups, and stops without a terminal (rerun with --approve-broadening once the change is reviewed)"
        : string.Empty;

    /// <summary>Returns the account the deploy goes to: the caller's, checked against the setting.</summary>
    private string CheckPrerequisites(bool needsDotnet)
    {
        var account = runner.Capture(
            "Check AWS credentials (environment, profile, SSO or role: the usual chain) and find the account", tools.CallerAccount(), settings.Account ?? "<account>",
            check: account =>
            {
                if (settings.Account is { } expected && account != expected)
                {
                    throw new DeployException($"The credentials belong to account {account}, but deploy/environments/{settings.Name}.json says account {expected}; use the right profile (AWS_PROFILE) or fix the setting.");
                }
            });
        runner.Capture("Check Node.js (18 or newer; the CDK CLI runs on it)", Toolchain.NodeVersion(), "v20", check: node =>
        {
            if (!int.TryParse(node.TrimStart('v').Split('.')[0], CultureInfo.InvariantCulture, out var major) || major < 18)
            {
                throw new DeployException($"Node.js {node} is too old; install Node.js 22 (the CDK CLI needs 18 or newer).");
            }
        });
        runner.Perform("Find the CDK CLI in tools/", layout.CdkCli, () =>
        {
            if (!File.Exists(layout.CdkCli))
            {
                throw new DeployException($"The CDK CLI is missing at {layout.CdkCli}; run `npm ci` in tools/ (or build the solution once).");
            }
        });
        runner.Capture("Check the CDK CLI from tools/", tools.CdkVersion(), "<cdk version>");
        if (needsDotnet)
        {
            runner.Capture("Check the .NET SDK (it builds and pushes the images)", Toolchain.DotnetVersion(), "<sdk version>");
        }

        return account;
    }

    private void Synthesize()
    {
        var stacks = HasEdge ? $"{naming.RegistryStack}, {naming.EdgeSecurityStack} and {naming.ApplicationStack}" : $"{naming.RegistryStack} and {naming.ApplicationStack}";
        runner.Perform(
            $"Synthesize {stacks} into {assembly}",
            $"from {manifestPath} and deploy/environments/{settings.Name}.json",
            () => Synthesizer.Synthesize(model, settings, assembly));
    }

    /// <summary>The git commit, suffixed with a timestamp when the working tree has uncommitted changes.</summary>
    private string ImageTag(string? explicitTag)
    {
        if (explicitTag is not null)
        {
            return ValidTag().IsMatch(explicitTag) && explicitTag != "latest"
                ? explicitTag
                : throw new DeployException($"Image tag '{explicitTag}' is invalid: use letters, digits, '.', '_' and '-', and never 'latest'.");
        }

        var commit = runner.Capture("Image tag: the git commit", tools.GitCommit(), "<git-commit>");
        var changes = runner.Capture("Uncommitted changes? (then the tag gets a timestamp, so it stays unique)", tools.GitChanges(), string.Empty);
        return changes.Length == 0 ? commit : $"{commit}-dirty-{DateTime.UtcNow:yyyyMMddHHmmss}";
    }

    private static string? StackOutput(string outputsFile, string name) => StackOutputs.Read(outputsFile).GetValueOrDefault(name);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ValidTag();
}
