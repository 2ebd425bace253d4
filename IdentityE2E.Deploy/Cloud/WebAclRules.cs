using Amazon.CDK.AWS.WAFv2;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The rules of the distribution's web ACL, in evaluation order: the two rate limits per client IP, then
/// the AWS managed rule groups of the environment. A flooding client is stopped before any rule group
/// inspects its requests; CloudFront-scope WAF sees the viewer's own address, not a proxy's.
/// </summary>
internal static class WebAclRules
{
    public const string RateLimitRule = "RateLimitPerClient";

    public const string FormPostRateLimitRule = "FormPostRateLimitPerClient";

    /// <summary>The rate-based rules every web ACL has, besides the environment's rule groups.</summary>
    public const int RateRuleCount = 2;

    public static CfnWebACL.RuleProperty[] For(EnvironmentSettings settings) =>
    [
        RateLimit(RateLimitRule, 0, settings.WafRateLimit, scopeDown: null),
        // Form posts are what password guessing and spam send, so they get a tighter limit of their own.
        RateLimit(FormPostRateLimitRule, 1, settings.WafFormPostRateLimit, scopeDown: new CfnWebACL.StatementProperty
        {
            ByteMatchStatement = new CfnWebACL.ByteMatchStatementProperty
            {
                FieldToMatch = new CfnWebACL.FieldToMatchProperty { Method = new Dictionary<string, object>() },
                PositionalConstraint = "EXACTLY",
                SearchString = "POST",
                TextTransformations = new object[] { new CfnWebACL.TextTransformationProperty { Priority = 0, Type = "NONE" } },
            },
        }),
        .. settings.WafManagedRuleGroups.Select((name, index) => ManagedGroup(name, 2 + index)),
    ];

    public static CfnWebACL.VisibilityConfigProperty Visibility(string metricName) => new()
    {
        CloudWatchMetricsEnabled = true,
        MetricName = metricName,
        SampledRequestsEnabled = true,
    };

    private static CfnWebACL.RuleProperty RateLimit(string name, int priority, int limit, CfnWebACL.StatementProperty? scopeDown) => new()
    {
        Name = name,
        Priority = priority,
        Statement = new CfnWebACL.StatementProperty
        {
            RateBasedStatement = new CfnWebACL.RateBasedStatementProperty
            {
                Limit = limit,
                AggregateKeyType = "IP",
                ScopeDownStatement = scopeDown,
            },
        },
        Action = new CfnWebACL.RuleActionProperty { Block = new CfnWebACL.BlockActionProperty() },
        VisibilityConfig = Visibility(name),
    };

    private static CfnWebACL.RuleProperty ManagedGroup(string name, int priority) => new()
    {
        Name = name,
        Priority = priority,
        Statement = new CfnWebACL.StatementProperty
        {
            ManagedRuleGroupStatement = new CfnWebACL.ManagedRuleGroupStatementProperty { VendorName = "AWS", Name = name },
        },
        // The group's own actions apply (block, mostly); None means "do not override them".
        OverrideAction = new CfnWebACL.OverrideActionProperty { None = new Dictionary<string, object>() },
        VisibilityConfig = Visibility(name),
    };
}
