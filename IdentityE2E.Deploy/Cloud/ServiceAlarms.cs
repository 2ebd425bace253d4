using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The alarms of a public service. They show trouble in the console and, attached as ECS deployment
/// alarms, roll a deployment back when they fire during it.
/// </summary>
internal static class ServiceAlarms
{
    public static IReadOnlyList<Alarm> Create(Construct scope, ApplicationTargetGroup targetGroup)
    {
        var serverErrors = new Alarm(scope, "Target5xxAlarm", new AlarmProps
        {
            AlarmDescription = "The service answers with 5XX errors.",
            Metric = targetGroup.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, new MetricOptions
            {
                Period = Duration.Minutes(1),
                Statistic = Stats.SUM,
            }),
            Threshold = 10,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            // No requests, no errors: quiet periods are healthy.
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });

        var unhealthyHosts = new Alarm(scope, "UnhealthyHostsAlarm", new AlarmProps
        {
            AlarmDescription = "Tasks of the service fail the load balancer's /health check.",
            Metric = targetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = Stats.MAXIMUM }),
            Threshold = 1,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 3,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });

        return [serverErrors, unhealthyHosts];
    }
}
