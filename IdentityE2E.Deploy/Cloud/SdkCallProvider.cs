using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The one Lambda behind every <c>AwsCustomResource</c> of a stack: CDK creates it with the first such
/// resource and reuses it for the others, ignoring their log group. So every caller takes its log group
/// from here and acknowledges the Lambda through here, whichever comes first.
/// </summary>
internal static class SdkCallProvider
{
    private const string LogsId = "SdkCallLogs";

    /// <summary>The construct id CDK gives the singleton Lambda (the UUID of AwsCustomResource's provider).</summary>
    private const string ProviderId = "AWS679f53fac002430cb0da5b7982bd2287";

    /// <summary>The stack's log group for the handler: encrypted, with the environment's retention.</summary>
    public static ILogGroup Logs(Construct scope, IKey key, int retentionDays)
    {
        var stack = Stack.Of(scope);
        return stack.Node.TryFindChild(LogsId) as ILogGroup ?? LogGroups.Create(stack, LogsId, key, retentionDays);
    }

    /// <summary>Acknowledges CDK's handler once per stack; call it after creating an AwsCustomResource.</summary>
    public static void Acknowledge(Construct scope)
    {
        var provider = Stack.Of(scope).Node.FindChild(ProviderId);
        if (((CfnResource)provider.Node.DefaultChild!).GetMetadata(Nag.MetadataKey) is not null)
        {
            return;
        }

        Nag.Acknowledge(provider.Node.FindChild("ServiceRole"), new NagRule(
            "AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets CDK's custom-resource handler write its own logs; each call it makes has a policy of its own, scoped as far as that API allows.",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
        Nag.Acknowledge(provider, new NagRule(
            "AwsSolutions-L1",
            "The runtime of CDK's custom-resource handler is fixed by aws-cdk-lib 2.160; it runs only while CloudFormation deploys, never serves traffic, and moves with the CDK version."));
    }
}
