using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// OpenTelemetry in the cloud: the manifest carries no OTLP endpoint, so every task gets an AWS Distro
/// for OpenTelemetry (ADOT) collector beside the app. The app exports OTLP to localhost; the collector
/// sends traces to X-Ray and metrics to CloudWatch (embedded metric format into the service's own log
/// group), with a task-role policy that allows exactly that.
/// </summary>
internal static class Telemetry
{
    public const int OtlpGrpcPort = 4317;

    /// <summary>Pinned: a moving tag would change the task definition's behaviour without a deploy.</summary>
    public const string CollectorImage = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";

    /// <summary>The collector image has no user of its own; any non-root uid works for it.</summary>
    public const string CollectorUser = "10001";

    public const string CollectorContainer = "otel-collector";

    public static ContainerDefinition AddCollector(FargateTaskDefinition task, LogGroup logGroup, string service, EnvironmentSettings settings)
    {
        var collector = task.AddContainer(CollectorContainer, new ContainerDefinitionOptions
        {
            ContainerName = CollectorContainer,
            Image = ContainerImage.FromRegistry(CollectorImage),
            // Losing telemetry must not take the service down: the app keeps serving while ECS restarts nothing.
            Essential = false,
            User = CollectorUser,
            ReadonlyRootFilesystem = true,
            // The collector listens on 4317 and sends over 443 as a non-root user: it needs no capability.
            LinuxParameters = TaskHardening.Hardened(task, "CollectorLinuxParameters"),
            MemoryReservationMiB = 64,
            Environment = new Dictionary<string, string>
            {
                // ADOT reads its whole configuration from this variable; it holds no secret.
                ["AOT_CONFIG_CONTENT"] = Configuration(logGroup.LogGroupName, service, settings.Name, settings.TraceSamplingPercent),
                ["AWS_REGION"] = Aws.REGION,
            },
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps { LogGroup = logGroup, StreamPrefix = CollectorContainer }),
        });

        task.AddToTaskRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SendTracesToXRay",
            Actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            Resources = ["*"],
        }));
        task.AddToTaskRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SendMetricsToOwnLogGroup",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resources = [logGroup.LogGroupArn],
        }));
        return collector;
    }

    /// <summary>
    /// OTLP in on loopback only; traces to X-Ray; metrics as EMF into the service's log group, from which
    /// CloudWatch extracts them under the namespace IdentityE2E/&lt;environment&gt;/&lt;service&gt;. The sampler
    /// keeps a trace by a hash of its trace id, so every service's collector keeps or drops the same traces whole.
    /// </summary>
    private static string Configuration(string logGroupName, string service, string environment, int samplingPercent) => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:{{OtlpGrpcPort}}
              http:
                endpoint: 127.0.0.1:4318
        processors:
          batch/traces:
            timeout: 1s
            send_batch_size: 50
          batch/metrics:
            timeout: 60s
          resourcedetection:
            detectors: [env, ecs]
          probabilistic_sampler:
            sampling_percentage: {{samplingPercent}}
        exporters:
          awsxray:
            index_all_attributes: false
          awsemf:
            namespace: {{Naming.Application}}/{{environment}}/{{service}}
            log_group_name: {{logGroupName}}
            log_stream_name: otel-metrics
            dimension_rollup_option: NoDimensionRollup
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [probabilistic_sampler, resourcedetection, batch/traces]
              exporters: [awsxray]
            metrics:
              receivers: [otlp]
              processors: [resourcedetection, batch/metrics]
              exporters: [awsemf]
        """;
}
