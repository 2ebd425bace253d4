using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.WAFv2;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The AWS WAF web ACL in front of CloudFront, with its logs. A CLOUDFRONT-scope web ACL can only be made
/// in us-east-1, so it is a stack of its own there whatever the environment's region; the application
/// stack reads its ARN through a CDK cross-region reference.
/// </summary>
internal sealed class EdgeSecurityStack : Stack
{
    /// <summary>The region of every CLOUDFRONT-scope WAF resource.</summary>
    public const string WafRegion = "us-east-1";

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
        WebAclArn = webAcl.AttrArn;

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

    /// <summary>The ARN CloudFront's WebACLId takes for a WAFv2 web ACL.</summary>
    public string WebAclArn { get; }

    private static CfnLoggingConfiguration.FieldToMatchProperty RedactedHeader(string name) =>
        new() { SingleHeader = new Dictionary<string, object> { ["Name"] = name } };
}
