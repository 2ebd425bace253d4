using Amazon.CDK;
using Amazon.CDK.AWS.Backup;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.KMS;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// AWS Backup of every table, on top of point-in-time recovery (which reaches back 35 days at most and
/// goes with the table): daily copies kept dailyBackupRetentionDays and, where the environment asks for them, monthly copies
/// kept a year, in a vault of the environment's own encrypted with the tables' data key. With backupCopyRegion
/// every recovery point is also copied, kept as long, to the vault of <see cref="BackupCopyStack"/> in that region.
/// </summary>
internal sealed class Backups : Construct
{
    public const int MonthlyRetentionDays = 365;

    public Backups(Construct scope, string id, EnvironmentSettings settings, Naming naming, Tables tables, IKey dataKey) : base(scope, id)
    {
        var copyVault = settings.BackupCopyRegion is { } copyRegion
            ? BackupVault.FromBackupVaultArn(this, "CopyVault", BackupCopyStack.VaultArn(naming, copyRegion))
            : null;
        // Null, not empty: an empty list would still write CopyActions into the template.
        BackupPlanCopyActionProps[]? CopyFor(int days) => copyVault is null
            ? null
            : [new BackupPlanCopyActionProps { DestinationBackupVault = copyVault, DeleteAfter = Duration.Days(days) }];

        var vault = new BackupVault(this, "Vault", new BackupVaultProps
        {
            // No fixed name: a retained vault would block the next stack of the same name.
            EncryptionKey = dataKey,
            // Recovery points are the data's last copy: they outlive the stack, like the tables and their key.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        var rules = new List<BackupPlanRule>
        {
            new(new BackupPlanRuleProps
            {
                RuleName = "Daily",
                BackupVault = vault,
                ScheduleExpression = Schedule.Cron(new CronOptions { Hour = "3", Minute = "0" }),
                DeleteAfter = Duration.Days(settings.DailyBackupRetentionDays),
                CopyActions = CopyFor(settings.DailyBackupRetentionDays),
            }),
        };
        if (settings.MonthlyBackups)
        {
            rules.Add(new BackupPlanRule(new BackupPlanRuleProps
            {
                RuleName = "Monthly",
                BackupVault = vault,
                ScheduleExpression = Schedule.Cron(new CronOptions { Day = "1", Hour = "4", Minute = "0" }),
                DeleteAfter = Duration.Days(MonthlyRetentionDays),
                CopyActions = CopyFor(MonthlyRetentionDays),
            }));
        }

        var plan = new BackupPlan(this, "Plan", new BackupPlanProps
        {
            BackupVault = vault,
            BackupPlanRules = [.. rules],
        });
        var selection = plan.AddSelection("Tables", new BackupSelectionOptions
        {
            Resources = [.. tables.All.Select(BackupResource.FromDynamoDbTable)],
        });
        // The selection creates its own role with that policy; the finding is on the role.
        Nag.Acknowledge(selection.Node.FindChild("Role"), new NagRule("AwsSolutions-IAM4",
            "AWSBackupServiceRolePolicyForBackup is the role AWS Backup documents for taking backups; AWS maintains it as services add backup APIs, and the selection limits it to these tables.",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"));
    }
}
