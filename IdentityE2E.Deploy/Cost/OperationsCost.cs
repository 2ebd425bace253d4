using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cost;

/// <summary>
/// The cost of operating an environment: alarms (priced per metric they watch, so a metric-math alarm
/// over four metrics costs four), the dashboard, the alarm topic, and the audit trail of the tables.
/// </summary>
internal static class OperationsCost
{
    public static IEnumerable<CostItem> Items(CloudModel model, EnvironmentSettings settings)
    {
        var services = model.Services.Count;
        var publicServices = model.PublicServices.Count();
        var targetGroups = settings.UsesBlueGreen ? 2 : 1;
        var alarms = services + (publicServices * 3) + (model.Tables.Count * 2) + (services * 2) + (publicServices * 2);
        var alarmMetrics =
            services                                                  // running tasks
            + (publicServices * targetGroups * 4)                     // 5XX rate (errors, requests), unhealthy hosts, p99 latency
            + (model.Tables.Count * (2 + TableAlarms.Operations.Length)) // throttled reads and writes, system errors per operation
            + (services * 2) + (publicServices * 2);                  // target tracking on CPU and requests, high and low
        yield return new("CloudWatch alarms", $"{alarms} alarms over {alarmMetrics} metrics (running tasks, 5XX rate, unhealthy hosts, p99 latency, table throttles and errors, target tracking)",
            alarmMetrics * UnitPrices.AlarmMonth);
        yield return new("CloudWatch dashboard", "1 dashboard of every alarm, service and table", UnitPrices.DashboardMonth);
        yield return new("SNS alarm topic", $"{UnitPrices.AssumedAlarmEmails} alarm e-mails", UnitPrices.AssumedAlarmEmails / 100_000m * UnitPrices.SnsHundredThousandEmails);

        if (model.Tables.Count > 0)
        {
            var events = model.Tables.Count * (UnitPrices.AssumedTableWritesMillions + UnitPrices.AssumedTableReadsMillions) * 1_000_000m;
            yield return new("CloudTrail data events", $"{events / 1_000_000m:0.#}M item reads and writes recorded{(settings.UsesOwnTrail ? string.Empty : $" (billed to the owner of trail {settings.CloudTrailName})")}",
                events / 100_000m * UnitPrices.CloudTrailHundredThousandDataEvents);
            if (settings.UsesOwnTrail)
            {
                var storedGb = events * UnitPrices.AssumedAuditBytesPerEvent / 1_000_000_000m * AuditMonthsKept;
                yield return new("Audit trail storage", $"{storedGb:0.#} GB of compressed log files in S3 ({AuditMonthsKept} months kept)", storedGb * UnitPrices.S3GbMonth);
            }
        }
    }

    /// <summary>The audit key of an environment's own trail, on top of the stack's other keys.</summary>
    public static int ExtraKeys(CloudModel model, EnvironmentSettings settings) => settings.UsesOwnTrail && model.Tables.Count > 0 ? 1 : 0;

    public static IEnumerable<string> Assumptions(CloudModel model, EnvironmentSettings settings)
    {
        yield return $"Alarms cost ${UnitPrices.AlarmMonth} per metric they watch each month; the dashboard ${UnitPrices.DashboardMonth} (an account's first 3 dashboards are free, not counted); " +
            $"{UnitPrices.AssumedAlarmEmails} alarm e-mails at ${UnitPrices.SnsHundredThousandEmails} per 100,000 (the first 1,000 a month are free).";
        if (model.Tables.Count > 0)
        {
            yield return $"Audit: every item read and write is a CloudTrail data event at ${UnitPrices.CloudTrailHundredThousandDataEvents} per 100,000, so it follows the DynamoDB traffic " +
                $"({UnitPrices.AssumedTableWritesMillions}M writes and {UnitPrices.AssumedTableReadsMillions}M reads per table)" +
                (settings.UsesOwnTrail
                    ? $"; log files take about {UnitPrices.AssumedAuditBytesPerEvent} bytes per event compressed and are kept {TableAudit.RetentionDays} days."
                    : $"; trail {settings.CloudTrailName} stores them at its owner's cost.");
        }
    }

    private static int AuditMonthsKept => TableAudit.RetentionDays / 30;
}
