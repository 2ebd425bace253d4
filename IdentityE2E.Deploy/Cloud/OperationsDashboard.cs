using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// One CloudWatch dashboard per environment, named <see cref="Naming.Dashboard"/>: the state of every
/// alarm at the top, then a row per service (tasks, CPU and memory, and for a public service its
/// error rate and latency) and a row per table (capacity used, throttles, system errors).
/// </summary>
internal static class OperationsDashboard
{
    private const int FullWidth = 24;

    public static Dashboard Create(Construct scope, Naming naming, Alerting alerting, IEnumerable<AppService> services, IEnumerable<TableAlarms> tables, Func<string, string> tableName)
    {
        var dashboard = new Dashboard(scope, "Dashboard", new DashboardProps
        {
            DashboardName = naming.Dashboard,
            DefaultInterval = Duration.Hours(3),
        });

        dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps
        {
            Title = "Alarms (each e-mails the alarm topic when it fires and when it clears)",
            Alarms = [.. alerting.Alarms],
            Width = FullWidth,
            Height = Math.Max(2, (alerting.Alarms.Count + 3) / 4 + 1),
        }));

        foreach (var service in services)
        {
            var alarms = service.Alarms;
            var widgets = new List<IWidget>
            {
                AlarmGraph($"{service.Model.Name}: running tasks", alarms.RunningTasks),
                new GraphWidget(new GraphWidgetProps
                {
                    Title = $"{service.Model.Name}: CPU and memory (%)",
                    Left = [service.Service.MetricCpuUtilization(), service.Service.MetricMemoryUtilization()],
                    LeftYAxis = new YAxisProps { Min = 0, Max = 100, ShowUnits = false },
                    Width = 6,
                }),
            };
            if (alarms.ErrorRate is { } errorRate)
            {
                widgets.Add(AlarmGraph($"{service.Model.Name}: 5XX rate (%)", errorRate));
            }

            if (alarms.Latency is { } latency)
            {
                widgets.Add(AlarmGraph($"{service.Model.Name}: p99 latency (s)", latency));
            }
            dashboard.AddWidgets([.. widgets]);
        }

        foreach (var table in tables)
        {
            dashboard.AddWidgets(
                new GraphWidget(new GraphWidgetProps
                {
                    Title = $"{table.Name}: capacity used",
                    Left = [CapacityMetric("ConsumedReadCapacityUnits", tableName(table.Name)), CapacityMetric("ConsumedWriteCapacityUnits", tableName(table.Name))],
                    Width = 8,
                }),
                AlarmGraph($"{table.Name}: throttled requests", table.Throttles, width: 8),
                AlarmGraph($"{table.Name}: system errors", table.SystemErrors, width: 8));
        }

        return dashboard;
    }

    /// <summary>The console address of a dashboard: what the deploy command prints.</summary>
    public static string ConsoleUrl(string region, string dashboardName) =>
        $"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#dashboards:name={dashboardName}";

    private static AlarmWidget AlarmGraph(string title, Alarm alarm, int width = 6) => new(new AlarmWidgetProps
    {
        Title = title,
        Alarm = alarm,
        Width = width,
    });

    private static Metric CapacityMetric(string metricName, string tableName) => new(new MetricProps
    {
        Namespace = "AWS/DynamoDB",
        MetricName = metricName,
        DimensionsMap = new Dictionary<string, string> { ["TableName"] = tableName },
        Statistic = Stats.SUM,
        Period = Duration.Minutes(5),
    });
}
