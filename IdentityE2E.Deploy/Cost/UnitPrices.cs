namespace IdentityE2E.Deploy.Cost;

/// <summary>
/// Public list prices (us-east-1, USD, 2025) and the traffic the estimate assumes. Update them here when
/// AWS changes its prices; nothing else in the estimate holds a number.
/// </summary>
internal static class UnitPrices
{
    public const decimal FargateVcpuHour = 0.04048m;
    public const decimal FargateGbHour = 0.004445m;
    public const decimal FargateArmVcpuHour = 0.03238m;
    public const decimal FargateArmGbHour = 0.00356m;

    // Fargate Spot has no list price: it follows spare capacity, typically about 70 % below on demand. These are
    // us-east-1's of late 2025 (the x86 figures as the Fargate pricing page showed them, ARM as seen in the console).
    public const decimal FargateSpotVcpuHour = 0.01334058m;
    public const decimal FargateSpotGbHour = 0.00146489m;
    public const decimal FargateSpotArmVcpuHour = 0.0129m;
    public const decimal FargateSpotArmGbHour = 0.00142m;
    public const decimal AlbHour = 0.0225m;
    public const decimal LcuHour = 0.008m;
    public const decimal NatHour = 0.045m;
    public const decimal NatGb = 0.045m;
    public const decimal PublicIpv4Hour = 0.005m;
    public const decimal EndpointHourPerZone = 0.01m;
    public const decimal CloudFrontGb = 0.085m;
    public const decimal CloudFrontMillionRequests = 1.00m;
    public const decimal KmsKeyMonth = 1.00m;
    public const decimal SecretMonth = 0.40m;
    public const decimal SecretsManagerTenThousandCalls = 0.05m;
    public const decimal CognitoPlusMau = 0.02m;
    public const decimal CognitoMachineClientMonth = 6.00m;
    public const decimal CognitoThousandTokenRequests = 2.25m;
    public const decimal LogIngestGb = 0.50m;
    public const decimal LogStorageGb = 0.03m;
    public const decimal MetricMonth = 0.30m;
    public const decimal AlarmMonth = 0.10m;
    public const decimal XRayMillionTraces = 5.00m;
    public const decimal XRayFreeMillionTraces = 0.1m;
    public const decimal DynamoMillionWrites = 0.625m;
    public const decimal DynamoMillionReads = 0.125m;
    public const decimal DynamoGbMonth = 0.25m;
    public const decimal DynamoPitrGbMonth = 0.20m;
    public const decimal BackupDynamoGbMonth = 0.10m;
    public const decimal CrossRegionTransferGb = 0.02m;
    public const decimal EcrGbMonth = 0.10m;
    public const decimal S3GbMonth = 0.023m;
    public const decimal PrivateCaShortLivedMonth = 50m;
    public const decimal WafWebAclMonth = 5.00m;
    public const decimal WafRuleMonth = 1.00m;
    public const decimal WafMillionRequests = 0.60m;
    public const decimal VendedLogIngestGb = 0.50m;
    public const decimal DashboardMonth = 3.00m;
    public const decimal SnsHundredThousandEmails = 2.00m;
    public const decimal CloudTrailHundredThousandDataEvents = 0.10m;
    public const decimal CodeBuildSmallMinute = 0.005m;
    public const decimal CodeBuildArmSmallMinute = 0.0034m;

    public const int ContainerInsightsClusterMetrics = 8;
    public const int ContainerInsightsServiceMetrics = 12;

    public const decimal AssumedLcu = 1m;
    public const decimal AssumedNatGb = 10m;
    public const decimal AssumedCloudFrontGb = 10m;
    public const decimal AssumedRequestsMillions = 1m;
    public const decimal AssumedLogGbPerService = 2m;
    public const decimal AssumedFlowLogGb = 2m;
    public const decimal AssumedWafLogGb = 2m;
    public const int AssumedAppMetricsPerService = 10;
    public const int AssumedStaffMau = 50;
    public const int AssumedMachineTokenRequests = 1_000;
    public const int AssumedSecretsManagerCalls = 10_000;
    public const decimal AssumedTableWritesMillions = 1m;
    public const decimal AssumedTableReadsMillions = 5m;
    public const int AssumedAlarmEmails = 100;
    public const decimal AssumedAuditBytesPerEvent = 150m;
    public const int AssumedDeploysPerMonth = 20;
    public const int AssumedBuildMinutesPerImage = 5;

    /// <summary>The per-vCPU-hour and per-GB-hour price of a Fargate task of this architecture, on demand or Spot.</summary>
    public static (decimal VcpuHour, decimal GbHour) Fargate(Environments.TaskArchitecture architecture, bool spot) => (architecture, spot) switch
    {
        (Environments.TaskArchitecture.Arm64, false) => (FargateArmVcpuHour, FargateArmGbHour),
        (Environments.TaskArchitecture.Arm64, true) => (FargateSpotArmVcpuHour, FargateSpotArmGbHour),
        (_, false) => (FargateVcpuHour, FargateGbHour),
        (_, true) => (FargateSpotVcpuHour, FargateSpotGbHour),
    };

    /// <summary>How long each job runs in a month (an import or export now and then).</summary>
    public const decimal AssumedJobHoursPerMonth = 1m;

    /// <summary>What the import bucket holds at a time: a few files, each gone after ImportBucket.ExpiryDays.</summary>
    public const decimal AssumedImportGb = 1m;
}
