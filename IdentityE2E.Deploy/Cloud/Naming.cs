namespace IdentityE2E.Deploy.Cloud;

/// <summary>The names the stacks, repositories and namespaces of one environment carry.</summary>
internal sealed record Naming(string Environment)
{
    public const string Application = "IdentityE2E";

    public string RegistryStack => $"{Application}-{Environment}-registry";

    public string ApplicationStack => $"{Application}-{Environment}-app";

    /// <summary>The AWS WAF web ACL of the distribution and its logs, always in us-east-1.</summary>
    public string EdgeSecurityStack => $"{Application}-{Environment}-edge-security";

    /// <summary>The WAF log group: AWS WAF delivers only to groups whose name starts with aws-waf-logs-.</summary>
    public string WafLogGroup => $"aws-waf-logs-identitye2e-{Environment}";

    /// <summary>The stack in the backup copy region that holds the vault the copies go to.</summary>
    public string BackupCopyStack => $"{Application}-{Environment}-backup-copy";

    /// <summary>
    /// The copy vault's fixed name: the application stack computes its ARN from it instead of referencing another
    /// region's stack. Fixed is safe because the copy stack is never destroyed by the tool, like the registry.
    /// </summary>
    public string BackupCopyVault => $"identitye2e-{Environment}-copy";

    /// <summary>The ECR repository of a service the publisher builds; the registry stack creates it, the app stack pulls from it.</summary>
    public string Repository(string service) => $"identitye2e-{Environment}/{service}";

    /// <summary>The CodeBuild project that builds Dockerfile images when the deploying machine has no docker or podman.</summary>
    public string ImageBuildProject => $"identitye2e-{Environment}-image-build";

    /// <summary>The Cloud Map namespace that Service Connect names live in.</summary>
    public string ServiceNamespace => $"{Environment}.identitye2e.internal";

    /// <summary>The CloudWatch dashboard of the environment; unique per account and region.</summary>
    public string Dashboard => $"identitye2e-{Environment}";

    /// <summary>The environment's own CloudTrail trail of the tables' data events (cloudTrailName null).</summary>
    public string AuditTrail => $"identitye2e-{Environment}-tables";
}
