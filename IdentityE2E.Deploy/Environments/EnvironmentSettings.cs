namespace IdentityE2E.Deploy.Environments;

/// <summary>One environment's settings, read from deploy/environments/&lt;name&gt;.json.</summary>
internal sealed record EnvironmentSettings
{
    /// <summary>The environment's name (the file name): dev, prod.</summary>
    public required string Name { get; init; }

    /// <summary>The 12-digit account, or null for the account of the caller's credentials.</summary>
    public required string? Account { get; init; }

    public required string Region { get; init; }

    /// <summary>
    /// A regional ACM certificate (the environment's region) for the load balancer, so CloudFront reaches
    /// it over HTTPS; set together with <see cref="CloudFrontCertificateArn"/> and <see cref="DomainName"/>.
    /// </summary>
    public required string? CertificateArn { get; init; }

    /// <summary>
    /// An ACM certificate in us-east-1 (where CloudFront reads certificates from) that serves viewers on
    /// <see cref="DomainName"/>; null serves them on the distribution's *.cloudfront.net name.
    /// </summary>
    public required string? CloudFrontCertificateArn { get; init; }

    /// <summary>An AWS Private CA for Service Connect TLS between services; null leaves it off.</summary>
    public required string? PrivateCertificateAuthorityArn { get; init; }

    /// <summary>The CPU every task runs on and every image is built for.</summary>
    public required TaskArchitecture CpuArchitecture { get; init; }

    /// <summary>The task size of a workload (service or job) that <see cref="ServiceSizes"/> does not name.</summary>
    public required TaskSize DefaultServiceSize { get; init; }

    /// <summary>Task sizes by workload name, for those that need another size than the default.</summary>
    public required IReadOnlyDictionary<string, TaskSize> ServiceSizes { get; init; }

    /// <summary>
    /// Every task but one per service runs on Fargate Spot (cheaper, interrupted with two minutes' notice); the one
    /// on-demand task keeps the service up while ECS replaces an interrupted one.
    /// </summary>
    public required bool SpotTasks { get; init; }

    public required int MinTasks { get; init; }

    public required int MaxTasks { get; init; }

    public required int NatGateways { get; init; }

    /// <summary>Interface endpoints for ECR and CloudWatch Logs; false sends that traffic through NAT.</summary>
    public required bool InterfaceEndpoints { get; init; }

    public required int LogRetentionDays { get; init; }

    /// <summary>CloudWatch Container Insights on the cluster (task and service CPU, memory, network metrics).</summary>
    public required bool ContainerInsights { get; init; }

    /// <summary>The share of traces (by trace id, so a trace is kept or dropped whole) the collectors send to X-Ray.</summary>
    public required int TraceSamplingPercent { get; init; }

    /// <summary>
    /// Deletion protection of the load balancer and the user pool, which is then also retained (the
    /// table always has both).
    /// </summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>The public host name the certificate is for; required with a certificate, null without.</summary>
    public required string? DomainName { get; init; }

    /// <summary>Whether staff must use an authenticator app (TOTP) at every sign-in, or may choose to.</summary>
    public required MfaMode Mfa { get; init; }

    /// <summary>How long each daily backup of every table is kept.</summary>
    public required int DailyBackupRetentionDays { get; init; }

    /// <summary>A monthly backup of every table kept a year, on top of the daily ones.</summary>
    public required bool MonthlyBackups { get; init; }

    /// <summary>Requests per client IP in any 5 minutes before AWS WAF blocks that client.</summary>
    public required int WafRateLimit { get; init; }

    /// <summary>Form posts (POST) per client IP in any 5 minutes before AWS WAF blocks that client.</summary>
    public required int WafFormPostRateLimit { get; init; }

    /// <summary>The AWS managed rule groups the web ACL evaluates, in order.</summary>
    public required IReadOnlyList<string> WafManagedRuleGroups { get; init; }

    /// <summary>Viewers and CloudFront's origin leg use certificates of our own for <see cref="DomainName"/>.</summary>
    public bool HasOwnDomain => DomainName is not null;

    /// <summary>Who gets an e-mail when an alarm fires or clears; empty sends none (the alarms still show in the console).</summary>
    public required IReadOnlyList<string> AlarmEmails { get; init; }

    /// <summary>
    /// Minutes the old and new revisions of a public service run side by side after traffic moved, during
    /// which an alarm rolls back instantly; null deploys public services by rolling update instead.
    /// </summary>
    public required int? BlueGreenBakeMinutes { get; init; }

    /// <summary>
    /// An existing trail (name or ARN) that should record the tables' data events; null makes the
    /// environment its own trail for them.
    /// </summary>
    public required string? CloudTrailName { get; init; }

    public bool UsesBlueGreen => BlueGreenBakeMinutes is not null;

    public bool UsesOwnTrail => CloudTrailName is null;

    /// <summary>
    /// A protected environment deploys only committed code and lets CDK ask before a change broadens IAM
    /// permissions or security groups (<c>--require-approval broadening</c>); an unprotected one never asks.
    /// </summary>
    public required bool ProtectedDeploy { get; init; }

    /// <summary>A second region that receives a copy of every backup, or null for none.</summary>
    public required string? BackupCopyRegion { get; init; }

    /// <summary>
    /// Whether a deploy without docker or podman builds the Dockerfile images in AWS CodeBuild (a project and a
    /// source bucket in the registry stack, only when some service is built from a Dockerfile).
    /// </summary>
    public required bool CodeBuild { get; init; }

    public bool UsesServiceConnectTls => PrivateCertificateAuthorityArn is not null;

    /// <summary>The size of a workload's tasks: its own from <see cref="ServiceSizes"/>, else the default.</summary>
    public TaskSize SizeOf(string workload) => ServiceSizes.TryGetValue(workload, out var size) ? size : DefaultServiceSize;
}

internal enum MfaMode
{
    Required,
    Optional,
}
