namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The AWS CLI commands the AWS mode runs, each with the profile and region of the run and JSON output, so that
/// they can be checked without running them.
/// </summary>
internal sealed class AwsCliCommands(string profile, string region)
{
    public IReadOnlyList<string> GetCallerIdentity() => With("sts", "get-caller-identity");

    public IReadOnlyList<string> DescribeTable(string tableName) => With("dynamodb", "describe-table", "--table-name", tableName);

    /// <summary>Creates or updates the stack and waits until it is done; an unchanged template is success, not an error.</summary>
    public IReadOnlyList<string> Deploy(string stack, string templateFile) => With(
        "cloudformation", "deploy", "--stack-name", stack, "--template-file", templateFile, "--no-fail-on-empty-changeset",
        "--tags", "project=IdentityE2E", "purpose=local-development");

    public IReadOnlyList<string> DescribeStackEvents(string stack) => With("cloudformation", "describe-stack-events", "--stack-name", stack);

    public IReadOnlyList<string> DescribeStacks(string stack) => With("cloudformation", "describe-stacks", "--stack-name", stack);

    /// <summary>The command that removes the stack and its tables, for messages and the README.</summary>
    public string DeleteStackCommandLine(string stack) =>
        $"aws cloudformation delete-stack --stack-name {stack} --profile {profile} --region {region}";

    private string[] With(params string[] command) =>
        [.. command, "--profile", profile, "--region", region, "--output", "json"];
}
