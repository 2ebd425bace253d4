using System.Text.RegularExpressions;
using IdentityE2E.Deploy.Deployment;

namespace IdentityE2E.Deploy.Planning;

/// <summary>
/// The one-time AWS side of CI/CD: the command that deploys deploy/github-oidc.template.yaml (GitHub's OIDC provider, the
/// deploy and plan roles) for one repository. It is printed, not run: an administrator runs it once per account.
/// </summary>
internal static partial class CiBootstrap
{
    public const string StackName = "identitye2e-github-oidc";

    public const string TemplatePath = "deploy/github-oidc.template.yaml";

    public static PlannedCommand Command(string owner, string repository, string region, string? existingProviderArn, bool allowJobs)
    {
        if (!Owner().IsMatch(owner) || !Repository().IsMatch(repository))
        {
            throw new DeployException($"'{owner}/{repository}' is not a GitHub repository name (owner: letters, digits, dashes; repository: also '.' and '_').");
        }

        List<string> parameters = [$"GitHubOwner={owner}", $"GitHubRepo={repository}", $"AllowJobs={(allowJobs ? "true" : "false")}"];
        if (existingProviderArn is not null)
        {
            parameters.Add($"ExistingOidcProviderArn={existingProviderArn}");
        }

        return new PlannedCommand("aws",
        [
            "cloudformation", "deploy", "--stack-name", StackName, "--template-file", TemplatePath, "--capabilities", "CAPABILITY_NAMED_IAM",
            "--region", region, "--parameter-overrides", .. parameters,
        ]);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$")]
    private static partial Regex Owner();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Repository();
}
