using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Gates;

/// <summary>
/// deploy/github-oidc.template.yaml: GitHub's OIDC provider and the roles the workflows assume. Trust only for this
/// repository's dev and main and its staging and prod environments; no action or resource "*" but where AWS requires it;
/// exactly the permissions the deploy tool's own AWS commands need; and the cdk-nag gate.
/// </summary>
public sealed class GitHubOidcTemplateTests
{
    private const string Aud = "token.actions.githubusercontent.com:aud";

    private const string Sub = "token.actions.githubusercontent.com:sub";

    /// <summary>The actions AWS defines without a resource type: "*" is the only resource they take.</summary>
    private static readonly string[] ActionsWithoutResourceType = ["ecr:GetAuthorizationToken", "backup:UpdateRegionSettings"];

    /// <summary>The IAM action behind each AWS CLI call of the tool; get-caller-identity needs none.</summary>
    private static readonly Dictionary<string, string?> CliActions = new()
    {
        ["sts get-caller-identity"] = null,
        ["ecr get-login-password"] = "ecr:GetAuthorizationToken",
        ["ecr describe-images"] = "ecr:DescribeImages",
        ["s3 cp"] = "s3:PutObject",
        ["codebuild start-build"] = "codebuild:StartBuild",
        ["codebuild batch-get-builds"] = "codebuild:BatchGetBuilds",
        ["cloudformation describe-stacks"] = "cloudformation:DescribeStacks",
        ["backup update-region-settings"] = "backup:UpdateRegionSettings",
        ["ecs run-task"] = "ecs:RunTask",
        ["ecs describe-tasks"] = "ecs:DescribeTasks",
        ["logs get-log-events"] = "logs:GetLogEvents",
    };

    /// <summary>What a push of an image layer by layer needs (dotnet publish -t:PublishContainer, docker push).</summary>
    private static readonly string[] ImagePushActions =
        ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

    private static string TemplatePath => Path.Combine(TestPaths.Repository.Root, "deploy", "github-oidc.template.yaml");

    /// <summary>The template with AllowJobs on: the superset of what the deploy role may do.</summary>
    private static JsonObject WithJobs => CloudFormationYaml.Resolve(CloudFormationYaml.Read(TemplatePath), "JobsAllowed", value: true)!.AsObject();

    private static JsonObject Resource(JsonObject template, string logicalId) => template["Resources"]![logicalId]!.AsObject();

    private static JsonObject Trust(JsonObject role) => Assert.Single(role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!.AsObject();

    private static IEnumerable<JsonObject> Statements(JsonObject role) =>
        role["Properties"]!["Policies"]!.AsArray().SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!.AsObject());

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Values),
        JsonObject o when o["Fn::Sub"] is JsonValue sub => [sub.GetValue<string>()],
        JsonValue value => [value.GetValue<string>()],
        _ => [node?.ToJsonString() ?? string.Empty],
    };

    [Theory]
    [InlineData("DeployRole", new[] { "ref:refs/heads/dev", "ref:refs/heads/main", "environment:staging", "environment:prod" })]
    [InlineData("PlanRole", new[] { "pull_request" })]
    public void EachRoleTrustsOnlyGitHubsTokensForThisRepositorysListedSubjects(string role, string[] subjects)
    {
        // Arrange
        var template = CloudFormationYaml.Read(TemplatePath);

        // Act
        var trust = Trust(Resource(template, role));
        var conditions = trust["Condition"]!.AsObject();

        // Assert: exact matches only (StringEquals), no StringLike, no wildcard in any subject.
        Assert.Equal("sts:AssumeRoleWithWebIdentity", trust["Action"]!.GetValue<string>());
        Assert.Equal(["StringEquals"], conditions.Select(c => c.Key));
        Assert.Equal("sts.amazonaws.com", conditions["StringEquals"]![Aud]!.GetValue<string>());
        Assert.Equal(subjects.Select(subject => $"repo:${{GitHubOwner}}/${{GitHubRepo}}:{subject}"), Values(conditions["StringEquals"]![Sub]));
        Assert.DoesNotContain(Values(conditions["StringEquals"]![Sub]), subject => subject.Contains('*', StringComparison.Ordinal));
        Assert.Equal("""{"Fn::If":["CreateOidcProvider",{"Ref":"GitHubOidcProvider"},{"Ref":"ExistingOidcProviderArn"}]}""", trust["Principal"]!["Federated"]!.ToJsonString());
    }

    [Fact]
    public void TheProviderIsGitHubsWithTheStsAudienceUnlessAnExistingOneIsGiven()
    {
        // Arrange
        var template = CloudFormationYaml.Read(TemplatePath);

        // Act
        var provider = Resource(template, "GitHubOidcProvider");

        // Assert
        Assert.Equal("CreateOidcProvider", provider["Condition"]!.GetValue<string>());
        Assert.Equal("https://token.actions.githubusercontent.com", provider["Properties"]!["Url"]!.GetValue<string>());
        Assert.Equal(["sts.amazonaws.com"], Values(provider["Properties"]!["ClientIdList"]));
        Assert.Equal("""{"Fn::Equals":[{"Ref":"ExistingOidcProviderArn"},""]}""", template["Conditions"]!["CreateOidcProvider"]!.ToJsonString());
        Assert.Equal(["GitHubOwner", "GitHubRepo", "ExistingOidcProviderArn", "CdkQualifier", "AllowJobs"], template["Parameters"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("DeployRole")]
    [InlineData("PlanRole")]
    public void NoStatementAllowsEveryActionAndOnlyActionsWithoutAResourceTypeTakeEveryResource(string role)
    {
        // Arrange
        var statements = Statements(Resource(WithJobs, role)).ToList();

        // Act
        var actions = statements.SelectMany(s => Values(s["Action"])).ToList();
        var everyResource = statements.Where(s => Values(s["Resource"]).Contains("*")).ToList();

        // Assert
        Assert.All(statements, s => Assert.Equal("Allow", s["Effect"]!.GetValue<string>()));
        Assert.DoesNotContain(actions, action => action.Contains('*', StringComparison.Ordinal));
        Assert.All(everyResource, s => Assert.Contains(Assert.Single(Values(s["Action"])), ActionsWithoutResourceType));
        Assert.DoesNotContain(statements, s => s.ContainsKey("NotAction") || s.ContainsKey("NotResource"));
    }

    [Fact]
    public void TheDeployRoleGrantsExactlyWhatTheDeployToolsAwsCommandsAndCdkNeed()
    {
        // Arrange: every AWS CLI command the tool builds (deploy, destroy, image builds, run-task, upload-import).
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "staging");
        var tools = new Toolchain(TestPaths.Repository, settings);
        PlannedCommand[] commands =
        [
            tools.CallerAccount(), tools.EcrPassword(), tools.ImageExists("identitye2e-staging/backend", "abc"), tools.UploadBuildContext("c.zip", "bucket", "key"),
            tools.StartImageBuild("bucket", "key", "[]"), tools.ImageBuildStatus("id"), tools.StackOutputs("IdentityE2E-staging-app"), tools.BackupAdvancedDynamoDBFeatures("us-west-2"),
            tools.RunTask("cluster", "task", ["subnet"], "sg", []), tools.TaskStatus("cluster", "arn"), tools.LogEvents("group", "stream", null), tools.UploadImport("f.csv", "s3://bucket/imports/f.csv"),
        ];
        var granted = Statements(Resource(WithJobs, "DeployRole")).SelectMany(s => Values(s["Action"])).ToHashSet();

        // Act
        var needed = commands.Select(command => CliActions.TryGetValue($"{command.Arguments[0]} {command.Arguments[1]}", out var action)
                ? action
                : throw new InvalidOperationException($"No IAM action known for: {command.Display}; add it to the template and to this test."))
            .OfType<string>()
            .Concat(ImagePushActions)
            .Append("sts:AssumeRole")
            .ToHashSet();
        var cdkBootstrapCheck = new[] { "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate", "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DeleteChangeSet", "iam:PassRole", "kms:GenerateDataKey" };

        // Assert: all the tool needs, and nothing beyond it but the bootstrap check, passing job roles and S3's KMS use.
        Assert.All(commands, command => Assert.Equal("aws", command.Program));
        Assert.Subset(granted, needed);
        Assert.Empty(granted.Except(needed).Except(cdkBootstrapCheck));
    }

    [Fact]
    public void WithoutAllowJobsTheDeployRoleStartsNoTaskAndPassesNoRole()
    {
        // Arrange
        var template = CloudFormationYaml.Resolve(CloudFormationYaml.Read(TemplatePath), "JobsAllowed", value: false)!.AsObject();

        // Act
        var statements = Statements(Resource(template, "DeployRole")).ToDictionary(s => s["Sid"]!.GetValue<string>());

        // Assert: the workflows deploy and destroy; run-task is an operator's, unless the account owner opts in.
        Assert.DoesNotContain(statements.Values.SelectMany(s => Values(s["Action"])), action => action is "ecs:RunTask" or "iam:PassRole" or "logs:GetLogEvents");
        Assert.Equal("arn:${AWS::Partition}:s3:::identitye2e-*-app-*/imports/*", Assert.Single(Values(statements["UploadImports"]["Resource"])));
        Assert.Equal("false", CloudFormationYaml.Read(TemplatePath)["Parameters"]!["AllowJobs"]!["Default"]!.GetValue<string>());
    }

    [Fact]
    public void ThePlanRoleMayOnlyAssumeTheCdkLookupRole()
    {
        // Arrange
        var role = Resource(CloudFormationYaml.Read(TemplatePath), "PlanRole");

        // Act
        var statement = Assert.Single(Statements(role));

        // Assert
        Assert.Equal("sts:AssumeRole", statement["Action"]!.GetValue<string>());
        Assert.Equal(["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-${CdkQualifier}-lookup-role-${AWS::AccountId}-*"], Values(statement["Resource"]));
    }

    [Fact]
    public void BootstrapCiPrintsTheCommandThatDeploysTheTemplateForOneRepository()
    {
        // Arrange
        string[] args = ["bootstrap-ci", "--owner", "contoso", "--repo", "identity-e2e", "--existing-provider-arn", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"];

        // Act
        var (exitCode, output, error) = DeployTool.Run(args);

        // Assert: printed for an administrator, never run; every parameter it passes is one the template declares.
        Assert.Equal((0, string.Empty), (exitCode, error));
        Assert.Contains(
            "aws cloudformation deploy --stack-name identitye2e-github-oidc --template-file deploy/github-oidc.template.yaml --capabilities CAPABILITY_NAMED_IAM --region us-east-1 " +
            "--parameter-overrides GitHubOwner=contoso GitHubRepo=identity-e2e AllowJobs=false ExistingOidcProviderArn=arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\n",
            output, StringComparison.Ordinal);
        var declared = CloudFormationYaml.Read(TemplatePath)["Parameters"]!.AsObject().Select(p => p.Key);
        Assert.Subset(declared.ToHashSet(), new HashSet<string> { "GitHubOwner", "GitHubRepo", "AllowJobs", "ExistingOidcProviderArn" });
    }

    [Theory]
    [InlineData("--owner", "contoso/evil", "is not a GitHub repository name")]
    [InlineData("--repo", "a b", "is not a GitHub repository name")]
    public void BootstrapCiRefusesANameThatCouldWidenTheTrust(string option, string value, string message)
    {
        // Arrange: a slash or a space in a name would change the subjects the role trusts.
        string[] args = ["bootstrap-ci", "--owner", "contoso", "--repo", "identity-e2e"];
        args[Array.IndexOf(args, option) + 1] = value;

        // Act
        var (exitCode, _, error) = DeployTool.Run(args);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.NagGate)]
    public async Task TheTemplatePassesTheNagGateWithEveryAcknowledgementUsed()
    {
        // Arrange: the nag gate reads JSON; AllowJobs on, so the conditional statements are checked too.
        var directory = TestPaths.NewTemporaryDirectory("oidc");
        var json = Path.Combine(directory, "github-oidc.template.json");
        await File.WriteAllTextAsync(json, WithJobs.ToJsonString(), TestContext.Current.CancellationToken);

        // Act
        var (exitCode, output) = await NagCheck.RunAsync([json], TestContext.Current.CancellationToken);

        // Assert
        TestContext.Current.SendDiagnosticMessage(output);
        Assert.DoesNotContain("ERROR ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNUSED ", output, StringComparison.Ordinal);
        Assert.Contains("ACKNOWLEDGED AwsSolutions-IAM5[Resource::*]", output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Directory.Delete(directory, recursive: true);
    }
}
