using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using static System.FormattableString;

namespace IdentityE2E.Deploy.Synthesis;

/// <summary>What `synth` prints: stacks, services, tables, resource counts, parameters and the cost.</summary>
internal static class SynthesisSummary
{
    public static void Write(TextWriter output, SynthesisResult result, CloudModel model, EnvironmentSettings settings, CostEstimate cost)
    {
        output.WriteLine(Invariant($"Synthesized {Naming.Application} for '{settings.Name}' ({settings.Region}) in {result.Duration.TotalSeconds:0.0} s -> {result.OutputDirectory}"));
        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }

        output.WriteLine();
        output.WriteLine("Stacks");
        var stacks = new List<(string Stack, string Role)>
        {
            (result.Naming.RegistryStack, result.HasImageBuilds ? "ECR repositories, their KMS key, the CodeBuild project for Dockerfile images" : "ECR repositories and their KMS key"),
        };
        if (result.HasBackupCopy)
        {
            stacks.Add((result.Naming.BackupCopyStack, $"backup copy vault and its KMS key in {settings.BackupCopyRegion}"));
        }

        if (result.EdgeSecurityTemplatePath is not null)
        {
            stacks.Add((result.Naming.EdgeSecurityStack, $"AWS WAF web ACL of the distribution and its logs, in {EdgeSecurityStack.WafRegion}"));
        }

        stacks.Add((result.Naming.ApplicationStack, "network, cluster, services, tables, edge"));
        foreach (var (stack, role) in stacks)
        {
            output.WriteLine(Invariant($"  {stack,-32} {ResourceCount(result.TemplatePath(stack)),4} resources  {role}"));
        }

        output.WriteLine();
        output.WriteLine("Services (Fargate; own task role, log group, security group and autoscaling; every capability dropped, init process, /tmp as task storage)");
        foreach (var service in model.Services)
        {
            var reach = service.IsPublic
                ? "public via CloudFront (AWS WAF) -> VPC origin -> the shared internal ALB"
                : $"internal at {CloudModel.ServiceUrl(service.Name)} (Service Connect)";
            var callers = model.CallersOf(service.Name).Select(caller => caller.Name).ToList();
            var spot = settings.SpotTasks ? ", all but one on Fargate Spot" : string.Empty;
            output.WriteLine(Invariant($"  {service.Name,-16} {reach}; {settings.MinTasks}-{settings.MaxTasks} tasks of {settings.SizeOf(service.Name)} {settings.CpuArchitecture.Setting()}{spot}"));
            output.WriteLine(Invariant($"  {string.Empty,-16} image: {ImageLine(service.Image)}"));
            output.WriteLine(Invariant($"  {string.Empty,-16} {ContainerLine(service)}"));
            foreach (var exception in service.Ecs.Exceptions)
            {
                output.WriteLine(Invariant($"  {string.Empty,-16} exception {exception.Control}: {exception.Reason}"));
            }

            output.WriteLine(Invariant($"  {string.Empty,-16} callers: {List(callers)}; tables: {List(service.TableGrants.Select(grant => $"{grant.Table} ({string.Join(' ', TableOperations.Names(grant.Access))})"))}; data-protection key of: {List(service.KeyReferences)}; secrets: {List(service.Secrets.Values)}"));
        }

        if (model.Jobs.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Jobs (task definitions without a service, started by run-task; hardened like services, HTTPS out only, read the import bucket)");
            foreach (var job in model.Jobs)
            {
                output.WriteLine(Invariant($"  {job.Name,-16} image: {ImageLine(job.Image)}"));
                output.WriteLine(Invariant($"  {string.Empty,-16} tables: {List(job.TableGrants.Select(grant => $"{grant.Table} ({string.Join(' ', TableOperations.Names(grant.Access))})"))}; secrets: {List(job.Secrets.Values)}"));
            }
        }

        output.WriteLine();
        output.WriteLine("Tables (on demand, customer-managed KMS key, point-in-time recovery, deletion protection, Retain)");
        foreach (var table in model.Tables)
        {
            output.WriteLine(Invariant($"  {table.Name,-16} key {table.PartitionKey.Name}{(table.SortKey is { } sort ? $"/{sort.Name}" : string.Empty)}; indexes: {List(table.GlobalSecondaryIndexes.Select(i => i.Name))}; used by: {List(model.UsersOfTable(table.Name).Select(u => u.Name))}"));
        }

        if (model.Tables.Count == 0)
        {
            output.WriteLine("  none");
        }

        if (model.UserPool is { } pool)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"Sign-in (Cognito user pool '{pool.Name}': MFA {settings.Mfa.ToString().ToLowerInvariant()}, TOTP only, no self sign-up, threat protection)"));
            output.WriteLine(Invariant($"  groups: {List(pool.Groups.Select(g => g.Name))}; scopes: {List(pool.Scopes.Select(s => pool.ScopePrefix + s.Name))}"));
            output.WriteLine(Invariant($"  clients: {List(pool.Clients.Select(c => $"{c.Name} ({(c.Flow == ClientFlow.AuthorizationCode ? "authorization code" : "client credentials")})"))}"));
        }

        output.WriteLine();
        output.WriteLine("Operations");
        output.WriteLine(Invariant($"  alarms e-mail: {List(settings.AlarmEmails)}; dashboard {result.Naming.Dashboard}"));
        output.WriteLine(settings.BlueGreenBakeMinutes is { } bake
            ? Invariant($"  public services deploy blue/green, old and new revision side by side for {bake} min; internal ones roll")
            : "  every service deploys by rolling update with the circuit breaker");
        if (model.Tables.Count > 0)
        {
            output.WriteLine(settings.CloudTrailName is { } trail
                ? Invariant($"  table data events: trail {trail} (its owner adds the selector deploy prints)")
                : Invariant($"  table data events: own trail {result.Naming.AuditTrail}, audit bucket kept {TableAudit.RetentionDays} days"));
        }

        output.WriteLine();
        output.WriteLine(Invariant($"Parameters a deploy of {result.Naming.ApplicationStack} needs (the deploy command supplies them)"));
        output.WriteLine(Invariant($"  {ApplicationStack.ImageTagParameter,-24} unique image tag of this build: the git commit, never 'latest'"));
        if (result.EdgeSecurityTemplatePath is not null)
        {
            output.WriteLine(Invariant($"  {Edge.WebAclArnParameter,-24} the web ACL of {result.Naming.EdgeSecurityStack}: its {EdgeSecurityStack.WebAclArnOutput} output, read after deploying it"));
        }
        output.WriteLine();
        output.WriteLine(Invariant($"Estimated monthly cost at the '{settings.Name}' settings"));
        foreach (var item in cost.Items)
        {
            output.WriteLine(Invariant($"  {item.Name,-26} {item.Monthly,9:$#,##0.00}  {item.Basis}"));
        }

        output.WriteLine(Invariant($"  {"Total",-26} {cost.Total,9:$#,##0.00}"));
        output.WriteLine("  Assumptions:");
        foreach (var assumption in cost.Assumptions)
        {
            output.WriteLine(Invariant($"  - {assumption}"));
        }
    }

    private static string ImageLine(ImageSource image) => image switch
    {
        ProjectImage project => $"{project.ProjectPath} (dotnet publish -t:PublishContainer)",
        DockerfileImage dockerfile => $"{dockerfile.Dockerfile} (context {dockerfile.Context}{(dockerfile.Stage is { } stage ? $", stage {stage}" : string.Empty)}), built at deploy",
        RegistryImage { IsPinned: true } registry => $"{registry.Reference} (pinned by digest)",
        RegistryImage registry => $"{registry.Reference} (used as given; {(registry.HasMutableTag ? "a moving tag" : $"tag {registry.Tag}, no digest")})",
        _ => throw new InvalidOperationException($"Unknown image source {image}."),
    };

    private static string ContainerLine(ServiceModel service)
    {
        var health = service.Ecs.HealthCheckPath is { } path ? $"HTTP {path}" : "none (ECS replaces a task whose process exits)";
        var liveness = service.Image is ProjectImage project ? $", liveness /alive ({TaskHardening.ExecutableOf(project)} {TaskHardening.HealthArgument}, no shell)" : string.Empty;
        var rootFileSystem = service.Ecs.ReadOnlyRootFilesystem ? "read-only" : "writable";
        return Invariant($"container port {service.ContainerPort}; user {service.Ecs.User}; root file system {rootFileSystem}; health: {health}{liveness}");
    }

    /// <summary>The number of resources in a synthesized template.</summary>
    public static int ResourceCount(string templatePath) =>
        JsonNode.Parse(File.ReadAllText(templatePath))?["Resources"]?.AsObject().Count ?? 0;

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
