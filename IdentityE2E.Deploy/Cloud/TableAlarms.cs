using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The alarms of one table: throttled reads or writes (an on-demand table throttles only past its
/// account or partition limits) and errors inside DynamoDB (HTTP 500s the SDK retries, then surfaces).
/// </summary>
internal sealed record TableAlarms(string Name, Alarm Throttles, Alarm SystemErrors)
{
    /// <summary>
    /// The operations whose SystemErrors are summed: what <see cref="Tables.ItemActions"/> allows, plus
    /// the transactions that conditional writes use. The metric exists only per operation, and an alarm
    /// takes at most 10 metrics.
    /// </summary>
    public static readonly string[] Operations =
        ["GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"];

    public IEnumerable<Alarm> All => [Throttles, SystemErrors];

    public static TableAlarms Create(Construct scope, string name, string tableName, Alerting alerting)
    {
        var fiveMinutes = Duration.Minutes(5);
        var throttles = new Dictionary<string, IMetric>
        {
            ["reads"] = DynamoMetric("ReadThrottleEvents", tableName, null),
            ["writes"] = DynamoMetric("WriteThrottleEvents", tableName, null),
        };
        var throttleAlarm = alerting.Watch(new Alarm(scope, $"{name}ThrottlesAlarm", new AlarmProps
        {
            AlarmDescription = $"DynamoDB throttles reads or writes of the {name} table.",
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = "FILL(reads, 0) + FILL(writes, 0)",
                UsingMetrics = throttles,
                Label = "throttled reads and writes",
                Period = fiveMinutes,
            }),
            Threshold = 1,
            // Two periods: a single burst is absorbed by the SDK's retries; throttling for ten minutes is not.
            EvaluationPeriods = 2,
            DatapointsToAlarm = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));

        var errors = Operations.ToDictionary(operation => operation.ToLowerInvariant(), operation => (IMetric)DynamoMetric("SystemErrors", tableName, operation));
        var errorAlarm = alerting.Watch(new Alarm(scope, $"{name}SystemErrorsAlarm", new AlarmProps
        {
            AlarmDescription = $"DynamoDB answers requests to the {name} table with internal errors.",
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = string.Join(" + ", errors.Keys.Select(id => $"FILL({id}, 0)")),
                UsingMetrics = errors,
                Label = "system errors",
                Period = fiveMinutes,
            }),
            Threshold = 1,
            EvaluationPeriods = 1,
            DatapointsToAlarm = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));

        return new TableAlarms(name, throttleAlarm, errorAlarm);
    }

    private static Metric DynamoMetric(string metricName, string tableName, string? operation)
    {
        var dimensions = new Dictionary<string, string> { ["TableName"] = tableName };
        if (operation is not null)
        {
            dimensions["Operation"] = operation;
        }

        return new Metric(new MetricProps
        {
            Namespace = "AWS/DynamoDB",
            MetricName = metricName,
            DimensionsMap = dimensions,
            Statistic = Stats.SUM,
            Period = Duration.Minutes(5),
        });
    }
}
