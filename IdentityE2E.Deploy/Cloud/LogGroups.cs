using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>Every log group of the application: KMS-encrypted, with the environment's retention.</summary>
internal static class LogGroups
{
    public static LogGroup Create(Construct scope, string id, IKey key, int retentionDays)
    {
        var logGroup = new LogGroup(scope, id, new LogGroupProps
        {
            EncryptionKey = key,
            // Operational logs go with the stack; the data they describe (the table) is retained.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        // Set on the L1 resource: the setting is a plain number of days, and the L2 only takes an enum.
        ((CfnLogGroup)logGroup.Node.DefaultChild!).RetentionInDays = retentionDays;
        return logGroup;
    }
}
