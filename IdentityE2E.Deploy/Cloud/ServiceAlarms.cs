using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Where a public service's requests are counted: its target groups on the shared load balancer. A
/// blue/green service has two, and live traffic is in either, so every alarm looks at both.
/// </summary>
internal sealed record ServiceTraffic(string LoadBalancerFullName, IReadOnlyList<string> TargetGroupFullNames)
{
    /// <summary>One metric per target group, keyed <c>{prefix}0</c>, <c>{prefix}1</c> for metric math.</summary>
    public Dictionary<string, IMetric> Metrics(string prefix, string metricName, string statistic, Duration period) =>
        TargetGroupFullNames.Select((targetGroup, index) => (Key: $"{prefix}{index}", Metric: (IMetric)new Metric(new MetricProps
        {
            Namespace = "AWS/ApplicationELB",
            MetricName = metricName,
            DimensionsMap = new Dictionary<string, string> { ["LoadBalancer"] = LoadBalancerFullName, ["TargetGroup"] = targetGroup },
            Statistic = statistic,
            Period = period,
        }))).ToDictionary(entry => entry.Key, entry => entry.Metric);
}

/// <summary>
/// The alarms of one service, each notifying the alarm topic. Every service has one on its running
/// tasks; a public one also has a 5XX rate, an unhealthy-host and a p99 latency alarm, and the first two
/// of these, as ECS deployment alarms, roll a deployment back when they fire during it.
/// </summary>
internal sealed class ServiceAlarms
{
    /// <summary>The 5XX rate counts only in minutes with at least this many requests: two errors of three are no outage.</summary>
    public const int MinimumRequestsForErrorRate = 20;

    public const double ErrorRatePercent = 5;

    public const double LatencyP99Seconds = 2;

    private readonly AppService service;
    private readonly Alerting alerting;
    private readonly List<Alarm> rollbackTriggers = [];

    public ServiceAlarms(AppService service, Alerting alerting, ICluster cluster, int minTasks)
    {
        this.service = service;
        this.alerting = alerting;
        RunningTasks = alerting.Watch(new Alarm(service, "RunningTasksAlarm", new AlarmProps
        {
            AlarmDescription = $"{service.Model.Name} runs fewer than its minimum of {minTasks} tasks.",
            Metric = new Metric(new MetricProps
            {
                // Container Insights (on for the cluster) counts the service's running tasks every minute.
                Namespace = "ECS/ContainerInsights",
                MetricName = "RunningTaskCount",
                DimensionsMap = new Dictionary<string, string> { ["ClusterName"] = cluster.ClusterName, ["ServiceName"] = service.Service.ServiceName },
                Statistic = Stats.AVERAGE,
                Period = Duration.Minutes(1),
            }),
            Threshold = minTasks,
            // Five minutes: ECS replaces a failed task within one or two, which is no reason to wake anybody.
            EvaluationPeriods = 5,
            DatapointsToAlarm = 5,
            ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
            // Not a deployment alarm: a service that is being created runs no task yet and must not roll back.
            TreatMissingData = TreatMissingData.MISSING,
        }));
    }

    public Alarm RunningTasks { get; }

    public Alarm? ErrorRate { get; private set; }

    public Alarm? UnhealthyHosts { get; private set; }

    public Alarm? Latency { get; private set; }

    public IEnumerable<Alarm> All => new[] { RunningTasks, ErrorRate, UnhealthyHosts, Latency }.OfType<Alarm>();

    /// <summary>The alarms that roll a deployment back: errors and failed health checks, which a new revision causes.</summary>
    public IReadOnlyList<Alarm> RollbackTriggers => rollbackTriggers;

    /// <summary>Adds the alarms on the service's load-balanced traffic.</summary>
    public void WatchTraffic(ServiceTraffic traffic)
    {
        var minute = Duration.Minutes(1);
        var errors = traffic.Metrics("e", "HTTPCode_Target_5XX_Count", Stats.SUM, minute);
        var requests = traffic.Metrics("r", "RequestCount", Stats.SUM, minute);
        var errorSum = Sum(errors.Keys);
        var requestSum = Sum(requests.Keys);
        ErrorRate = alerting.Watch(new Alarm(service, "ErrorRateAlarm", new AlarmProps
        {
            AlarmDescription = $"More than {ErrorRatePercent} % of {service.Model.Name}'s requests end in a 5XX.",
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = $"IF(({requestSum}) >= {MinimumRequestsForErrorRate}, 100 * ({errorSum}) / ({requestSum}), 0)",
                UsingMetrics = errors.Concat(requests).ToDictionary(),
                Label = "5XX % of requests",
                Period = minute,
            }),
            Threshold = ErrorRatePercent,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            // No requests, no errors: quiet periods are healthy.
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));

        UnhealthyHosts = alerting.Watch(new Alarm(service, "UnhealthyHostsAlarm", new AlarmProps
        {
            AlarmDescription = $"Tasks of {service.Model.Name} fail the load balancer's /health check.",
            Metric = Max(traffic.Metrics("u", "UnHealthyHostCount", Stats.MAXIMUM, minute), "unhealthy tasks", minute),
            Threshold = 1,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 3,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));

        var fiveMinutes = Duration.Minutes(5);
        Latency = alerting.Watch(new Alarm(service, "LatencyAlarm", new AlarmProps
        {
            AlarmDescription = $"The slowest 1 % of {service.Model.Name}'s responses take longer than {LatencyP99Seconds} s.",
            Metric = Max(traffic.Metrics("l", "TargetResponseTime", "p99", fiveMinutes), "p99 response time (s)", fiveMinutes),
            Threshold = LatencyP99Seconds,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));

        // Latency is left out of the rollback triggers: a fresh revision's first requests are slow while
        // .NET compiles, which is no reason to return to the old one; errors and failed checks are.
        rollbackTriggers.AddRange([ErrorRate, UnhealthyHosts]);
    }

    private static string Sum(IEnumerable<string> ids) => string.Join(" + ", ids.Select(id => $"FILL({id}, 0)"));

    private static MathExpression Max(Dictionary<string, IMetric> metrics, string label, Duration period) => new(new MathExpressionProps
    {
        // A target group without traffic has no data points; FILL keeps the other one's value.
        Expression = $"MAX([{string.Join(", ", metrics.Keys.Select(id => $"FILL({id}, 0)"))}])",
        UsingMetrics = metrics,
        Label = label,
        Period = period,
    });
}
