using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.WAFv2;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The AWS WAF web ACL in front of CloudFront, with its logs. A CLOUDFRONT-scope web ACL can only be made
/// in us-east-1, so it is a stack of its own there whatever the environment's region. The deploy command
/// hands its ARN (the stack output) to the application stack's parameter: a CloudFormation export cannot
/// cross regions, and CDK's cross-region references would add two Lambda-backed custom resources and
/// lock the web ACL against replacement while the distribution imports it.
/// </summary>
internal sealed class EdgeSecurityStack : Stack
{
    /// <summary>The region of every CLOUDFRONT-scope WAF resource.</summary>
    public const string WafRegion = "us-east-1";

    public const string WebAclArnOutput = "WebAclArn";

    public EdgeSecurityStack(Construct scope, Naming naming, EnvironmentSettings settings, IStackProps props)
        : base(scope, naming.EdgeSecurityStack, props)
    {
        var webAcl = new CfnWebACL(this, "WebAcl", new CfnWebACLProps
        {
            Name = $"{Naming.Application}-{settings.Name}",
            Description = $"Rate limits and AWS managed rules in front of the {settings.Name} distribution of {Naming.Application}.",
            Scope = "CLOUDFRONT",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            Rules = WebAclRules.For(settings),
            VisibilityConfig = WebAclRules.Visibility($"{Naming.Application}-{settings.Name}-web-acl"),
        });
        _ = new CfnOutput(this, WebAclArnOutput, new CfnOutputProps { Value = webAcl.AttrArn, Description = "The web ACL the distribution uses (its WebACLId)." });

        // CloudWatch Logs encrypts every group at rest; a key of our own would be a second customer-managed
        // key in a second region for this group alone, whose entries hold no credentials (redacted below).
        var logs = new LogGroup(this, "WebAclLogs", new LogGroupProps
        {
            LogGroupName = naming.WafLogGroup,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        ((CfnLogGroup)logs.Node.DefaultChild!).RetentionInDays = settings.LogRetentionDays;

        // WAF wants the group's ARN without the ":*" that the log group's Arn attribute ends with. It adds the
        // delivery permission to the account's log resource policy itself when logging is turned on.
        var destination = FormatArn(new ArnComponents
        {
            Service = "logs",
            Resource = "log-group",
            ResourceName = naming.WafLogGroup,
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
        var logging = new CfnLoggingConfiguration(this, "WebAclLogging", new CfnLoggingConfigurationProps
        {
            ResourceArn = webAcl.AttrArn,
            LogDestinationConfigs = [destination],
            // Session cookies and bearer tokens would let anyone who reads the logs act as the user.
            RedactedFields = new object[] { RedactedHeader("authorization"), RedactedHeader("cookie") },
        });
        logging.Node.AddDependency(logs);
    }

    private static CfnLoggingConfiguration.FieldToMatchProperty RedactedHeader(string name) =>
        new() { SingleHeader = new Dictionary<string, object> { ["Name"] = name } };
}
