using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cost;

internal sealed record CostItem(string Name, string Basis, decimal Monthly);

/// <summary>
/// What an environment costs a month at its settings, itemised, with the assumptions stated. List prices
/// of us-east-1 (on demand, USD, no free tier, no savings plan); other regions are typically 5-20 % higher.
/// Fixed costs dominate at low traffic; the usage-based lines assume the small volumes listed.
/// </summary>
internal sealed record CostEstimate(IReadOnlyList<CostItem> Items, IReadOnlyList<string> Assumptions)
{
    public const decimal HoursPerMonth = 730m;

    public decimal Total => Items.Sum(item => item.Monthly);

    public static CostEstimate For(CloudModel model, EnvironmentSettings settings)
    {
        var services = model.Services.Count;
        var publicServices = model.PublicServices.Count();
        var items = new List<CostItem>(FargateCost.Services(model, settings))
        {
            new("NAT gateways", $"{settings.NatGateways} x {HoursPerMonth} h + {UnitPrices.AssumedNatGb} GB processed",
                (settings.NatGateways * HoursPerMonth * UnitPrices.NatHour) + (UnitPrices.AssumedNatGb * UnitPrices.NatGb)),
        };

        if (publicServices > 0)
        {
            items.Add(new("Application Load Balancer", $"1 internal x {HoursPerMonth} h + {UnitPrices.AssumedLcu} LCU average",
                HoursPerMonth * (UnitPrices.AlbHour + (UnitPrices.AssumedLcu * UnitPrices.LcuHour))));
        }

        // The load balancer is internal: the NAT gateways hold the only public addresses.
        items.Add(new("Public IPv4 addresses", $"{settings.NatGateways} (NAT gateways)", settings.NatGateways * HoursPerMonth * UnitPrices.PublicIpv4Hour));
        if (settings.InterfaceEndpoints)
        {
            var endpoints = Cloud.Network.InterfaceServices.Count;
            items.Add(new("VPC interface endpoints", $"{endpoints} (ECR API, ECR registry, Logs) x 2 zones",
                endpoints * 2 * HoursPerMonth * UnitPrices.EndpointHourPerZone));
        }

        if (publicServices > 0)
        {
            // VPC origins cost nothing on top of CloudFront's own prices.
            items.Add(new("CloudFront", $"{UnitPrices.AssumedCloudFrontGb} GB out + {UnitPrices.AssumedRequestsMillions}M HTTPS requests",
                (UnitPrices.AssumedCloudFrontGb * UnitPrices.CloudFrontGb) + (UnitPrices.AssumedRequestsMillions * UnitPrices.CloudFrontMillionRequests)));
            items.Add(Waf(settings));
        }

        var copiesBackups = settings.BackupCopyRegion is not null && model.Tables.Count > 0;
        List<string> extraKeys = [.. OperationsCost.ExtraKeys(model, settings) > 0 ? ["audit"] : Array.Empty<string>(), .. copiesBackups ? ["backup copies"] : Array.Empty<string>()];
        var keys = 3 + extraKeys.Count;
        items.Add(new("KMS keys", $"{keys} customer-managed keys (registry, data, operations{string.Concat(extraKeys.Select(key => ", " + key))})", keys * UnitPrices.KmsKeyMonth));
        var secrets = model.Secrets.Count + model.ClientSecrets.Count;
        items.Add(new("Secrets Manager", $"{secrets} secrets + {UnitPrices.AssumedSecretsManagerCalls:#,0} API calls (tasks read them at start)",
            (secrets * UnitPrices.SecretMonth) + (UnitPrices.AssumedSecretsManagerCalls / 10_000m * UnitPrices.SecretsManagerTenThousandCalls)));
        if (model.UserPool is { } pool)
        {
            items.Add(new("Cognito user pool", $"{UnitPrices.AssumedStaffMau} staff monthly active users, Plus plan (threat protection, no free tier)",
                UnitPrices.AssumedStaffMau * UnitPrices.CognitoPlusMau));
            var machineClients = pool.Clients.Count(client => client.Flow == ClientFlow.ClientCredentials);
            if (machineClients > 0)
            {
                items.Add(new("Cognito machine-to-machine", $"{machineClients} client credentials client{(machineClients == 1 ? string.Empty : "s")} + {UnitPrices.AssumedMachineTokenRequests:#,0} token requests",
                    (machineClients * UnitPrices.CognitoMachineClientMonth) + (UnitPrices.AssumedMachineTokenRequests / 1_000m * UnitPrices.CognitoThousandTokenRequests)));
            }
        }

        var logGb = (services * UnitPrices.AssumedLogGbPerService) + UnitPrices.AssumedFlowLogGb;
        items.Add(new("CloudWatch Logs", $"{logGb} GB ingested (app, sidecar, proxy, flow logs) + storage",
            logGb * (UnitPrices.LogIngestGb + UnitPrices.LogStorageGb)));
        var metrics = (settings.ContainerInsights ? UnitPrices.ContainerInsightsClusterMetrics + (services * UnitPrices.ContainerInsightsServiceMetrics) : 0)
            + (services * UnitPrices.AssumedAppMetricsPerService);
        items.Add(new("CloudWatch metrics", $"~{metrics} metrics ({(settings.ContainerInsights ? "Container Insights, " : "Container Insights off, ")}app metrics through the collector)", metrics * UnitPrices.MetricMonth));
        items.AddRange(OperationsCost.Items(model, settings));
        var traces = UnitPrices.AssumedRequestsMillions * settings.TraceSamplingPercent / 100m;
        items.Add(new("X-Ray", $"{traces:0.###}M traces recorded ({settings.TraceSamplingPercent} % of {UnitPrices.AssumedRequestsMillions}M requests), first {UnitPrices.XRayFreeMillionTraces}M free",
            Math.Max(0, traces - UnitPrices.XRayFreeMillionTraces) * UnitPrices.XRayMillionTraces));

        if (model.Tables.Count > 0)
        {
            items.Add(new("DynamoDB on demand", $"{model.Tables.Count} table{(model.Tables.Count == 1 ? string.Empty : "s")} x ({UnitPrices.AssumedTableWritesMillions}M writes, {UnitPrices.AssumedTableReadsMillions}M reads, 1 GB with point-in-time recovery)",
                model.Tables.Count * ((UnitPrices.AssumedTableWritesMillions * UnitPrices.DynamoMillionWrites) + (UnitPrices.AssumedTableReadsMillions * UnitPrices.DynamoMillionReads) + UnitPrices.DynamoGbMonth + UnitPrices.DynamoPitrGbMonth)));
        }

        if (model.Tables.Count > 0)
        {
            // DynamoDB backups are full copies, so every kept recovery point is billed at the table's size.
            var copies = settings.DailyBackupRetentionDays + (settings.MonthlyBackups ? Cloud.Backups.MonthlyRetentionDays / 30 : 0);
            items.Add(new("AWS Backup of the tables", $"{model.Tables.Count} x 1 GB x {copies} kept copies ({settings.DailyBackupRetentionDays} daily{(settings.MonthlyBackups ? ", 12 monthly" : string.Empty)}), warm storage",
                model.Tables.Count * copies * UnitPrices.BackupDynamoGbMonth));
            if (settings.BackupCopyRegion is { } copyRegion)
            {
                // The copy region keeps as many full copies again, and each copy crosses regions once.
                var transfers = 30 + (settings.MonthlyBackups ? 1 : 0);
                items.Add(new($"Backup copies in {copyRegion}", $"{model.Tables.Count} x 1 GB x {copies} kept copies + {transfers} copies a month x $0.02/GB between regions",
                    model.Tables.Count * ((copies * UnitPrices.BackupDynamoGbMonth) + (transfers * UnitPrices.CrossRegionTransferGb))));
            }
        }

        var repositories = model.Workloads.Count(service => service.IsBuilt);
        items.Add(new("ECR and S3 storage", $"{repositories} repositories x 1 GB, 5 GB of access logs",
            (repositories * UnitPrices.EcrGbMonth) + (5 * UnitPrices.S3GbMonth)));
        var dockerfiles = model.Workloads.Count(service => service.Image is DockerfileImage);
        if (Cloud.ImageBuilds.AreNeeded(model.Workloads, settings))
        {
            var minutes = dockerfiles * UnitPrices.AssumedBuildMinutesPerImage * UnitPrices.AssumedDeploysPerMonth;
            var (host, perMinute) = CodeBuildHost(settings);
            items.Add(new("CodeBuild image builds", $"{minutes} build minutes ({dockerfiles} Dockerfile image{(dockerfiles == 1 ? string.Empty : "s")} x {UnitPrices.AssumedBuildMinutesPerImage} min x {UnitPrices.AssumedDeploysPerMonth} deploys), {host}",
                minutes * perMinute));
        }

        if (model.Jobs.Count > 0)
        {
            items.Add(FargateCost.Jobs(model, settings));
            items.Add(new("Import bucket", $"{UnitPrices.AssumedImportGb} GB of imports (expire after {Cloud.ImportBucket.ExpiryDays} days), negligible",
                UnitPrices.AssumedImportGb * UnitPrices.S3GbMonth));
        }

        if (settings.UsesServiceConnectTls)
        {
            items.Add(new("AWS Private CA", "short-lived certificate mode ($400 in general-purpose mode)", UnitPrices.PrivateCaShortLivedMonth));
        }

        return new CostEstimate(items, [.. AssumptionsFor(model, settings), SecurityDefaults.Assumption(items)]);
    }

    /// <summary>The CodeBuild host of the tasks' architecture, which builds the images without emulation.</summary>
    private static (string Host, decimal PerMinute) CodeBuildHost(EnvironmentSettings settings) => settings.CpuArchitecture == TaskArchitecture.Arm64
        ? ("arm1.small", UnitPrices.CodeBuildArmSmallMinute)
        : ("general1.small", UnitPrices.CodeBuildSmallMinute);

    /// <summary>The web ACL, a rule fee for each rate-based rule and rule group, its requests, and its logs.</summary>
    private static CostItem Waf(EnvironmentSettings settings)
    {
        var rules = Cloud.WebAclRules.RateRuleCount + settings.WafManagedRuleGroups.Count;
        return new("AWS WAF", $"1 web ACL + {rules} rules and rule groups + {UnitPrices.AssumedRequestsMillions}M requests + {UnitPrices.AssumedWafLogGb} GB of logs",
            UnitPrices.WafWebAclMonth + (rules * UnitPrices.WafRuleMonth) + (UnitPrices.AssumedRequestsMillions * UnitPrices.WafMillionRequests)
            + (UnitPrices.AssumedWafLogGb * (UnitPrices.VendedLogIngestGb + UnitPrices.LogStorageGb)));
    }

    private static List<string> AssumptionsFor(CloudModel model, EnvironmentSettings settings) =>
    [
        "us-east-1 on-demand list prices in USD (2025), 730 hours a month; taxes, support plans and the free tier are not counted.",
        $"Every service runs its minimum of {settings.MinTasks} tasks all month at its own size; each task scaled out adds its Fargate share.",
        FargateCost.Assumption(settings),
        $"Light traffic: {UnitPrices.AssumedRequestsMillions}M requests, {UnitPrices.AssumedCloudFrontGb} GB served, {UnitPrices.AssumedNatGb} GB through NAT, {UnitPrices.AssumedLogGbPerService} GB of logs per service.",
        settings.InterfaceEndpoints
            ? "Interface endpoints carry ECR and Logs traffic; without them (interfaceEndpoints: false) it goes through NAT at $0.045/GB instead of about $44 a month of endpoints."
            : "No interface endpoints: ECR and Logs traffic goes through NAT at $0.045/GB; endpoints would add about $44 a month.",
        settings.ContainerInsights
            ? $"Container Insights: {UnitPrices.ContainerInsightsClusterMetrics} cluster and {UnitPrices.ContainerInsightsServiceMetrics} service metrics at ${UnitPrices.MetricMonth} each; the app sends {UnitPrices.AssumedAppMetricsPerService} metrics per service through the collector."
            : $"Container Insights is off (containerInsights: false); on, it would add about ${(UnitPrices.ContainerInsightsClusterMetrics + (model.Services.Count * UnitPrices.ContainerInsightsServiceMetrics)) * UnitPrices.MetricMonth:0.##} a month of metrics.",
        $"X-Ray records {settings.TraceSamplingPercent} % of traces (traceSamplingPercent), chosen by trace id so every trace is whole; X-Ray's first {UnitPrices.XRayFreeMillionTraces}M traces a month are free, then ${UnitPrices.XRayMillionTraces} per million.",
        "Service Connect, Container Insights' performance events and data transfer between zones are small at this volume and not itemised.",
        .. model.PublicServices.Any()
            ? [$"AWS WAF: ${UnitPrices.WafWebAclMonth} for the web ACL, ${UnitPrices.WafRuleMonth} per rule or rule group a month, ${UnitPrices.WafMillionRequests} per million requests; its logs are vended logs at ${UnitPrices.VendedLogIngestGb}/GB. CloudFront's VPC origin to the internal load balancer costs nothing extra."]
            : Array.Empty<string>(),
        $"Backups: each table holds 1 GB and every recovery point is a full copy at ${UnitPrices.BackupDynamoGbMonth}/GB-month in warm storage; " +
            $"{settings.DailyBackupRetentionDays} daily copies{(settings.MonthlyBackups ? " and 12 monthly ones" : string.Empty)} are kept at any time. Restores ($0.15/GB) are not counted" +
            (settings.BackupCopyRegion is { } copyRegion
                ? $"; every recovery point is copied to {copyRegion} and kept as long there (about double the backup line, plus transfer and the copy vault's KMS key)."
                : "; there is no copy in another region (backupCopyRegion: null)."),
        .. OperationsCost.Assumptions(model, settings),
        .. Cloud.ImageBuilds.AreNeeded(model.Workloads, settings)
            ? [$"Dockerfile images: when no docker or podman answers at deploy, each is built in CodeBuild ({CodeBuildHost(settings).Host}, ${CodeBuildHost(settings).PerMinute}/build minute, about {UnitPrices.AssumedBuildMinutesPerImage} minutes an image, {UnitPrices.AssumedDeploysPerMonth} deploys a month; the first 100 minutes a month are free and not counted). A deploy whose tag is already in ECR builds nothing. The source bucket holds each zip for a day: negligible."]
            : Array.Empty<string>(),
        .. model.Workloads.Any(service => service.Image is RegistryImage)
            ? ["Images from a public registry are pulled through NAT at every task start (part of the NAT line); Docker Hub limits anonymous pulls per address."]
            : Array.Empty<string>(),
        .. model.Jobs.Count > 0
            ? [$"Jobs cost Fargate only while they run, assumed {UnitPrices.AssumedJobHoursPerMonth} hour a month each at their own size (serviceSizes, else defaultServiceSize) on demand; the import bucket holds {UnitPrices.AssumedImportGb} GB at a time (requests and KMS calls of an occasional import are a few cents)."]
            : Array.Empty<string>(),
        .. model.UserPool is null ? Array.Empty<string>() :
        [
            $"Sign-in: {UnitPrices.AssumedStaffMau} staff sign in each month on Cognito's Plus plan at ${UnitPrices.CognitoPlusMau}/MAU (threat protection needs Plus; the Essentials plan would be free up to 10,000 MAU but without it). " +
                $"Machine-to-machine: ${UnitPrices.CognitoMachineClientMonth} per client credentials client a month plus ${UnitPrices.CognitoThousandTokenRequests} per 1,000 token requests; {UnitPrices.AssumedMachineTokenRequests:#,0} assumes the automation caches its 60-minute token.",
            "Client secrets are read once per task start through Secrets Manager ($0.05 per 10,000 calls); the custom resource that copies them runs only during a deploy (Lambda free tier). Cognito's own e-mail (invitations, codes) is free up to its daily limit.",
        ],
    ];
}
