using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class WebAclTests(SynthesizedEnvironments environments)
{
    private static JsonNode WebAcl(SynthesizedApp synthesized) =>
        Assert.Single(synthesized.EdgeSecurity!.OfType("AWS::WAFv2::WebACL")).Resource["Properties"]!;

    private static JsonNode Rule(SynthesizedApp synthesized, string name) =>
        WebAcl(synthesized)["Rules"]!.AsArray().Single(rule => rule!["Name"]!.GetValue<string>() == name)!;

    /// <summary>The region the cloud assembly deploys a stack to ("aws://unknown-account/&lt;region&gt;").</summary>
    private static string RegionOf(SynthesizedApp synthesized, string stack)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(synthesized.Result.OutputDirectory, "manifest.json")))!;
        return manifest["artifacts"]![stack]!["environment"]!.GetValue<string>().Split('/')[^1];
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheWebAclIsCloudFrontScopedInUsEast1WhateverTheEnvironmentsRegion()
    {
        // Arrange
        var elsewhere = await environments.Alternatives(TestContext.Current.CancellationToken);
        var naming = elsewhere.Result.Naming;

        // Act
        var regions = (WebAcl: RegionOf(elsewhere, naming.EdgeSecurityStack), App: RegionOf(elsewhere, naming.ApplicationStack));

        // Assert
        Assert.Equal(("us-east-1", SynthesizedEnvironments.AlternativeRegion), regions);
        Assert.Equal("CLOUDFRONT", WebAcl(elsewhere)["Scope"]!.GetValue<string>());
        Assert.Equal("{\"Allow\":{}}", WebAcl(elsewhere)["DefaultAction"]!.ToJsonString());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheWebAclRunsTheSettingsManagedRuleGroupsWithTheirOwnActionsAfterTheRateLimits()
    {
        // Arrange
        var dev = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var rules = WebAcl(dev)["Rules"]!.AsArray().Select(rule => rule!).OrderBy(rule => rule["Priority"]!.GetValue<int>()).ToList();
        var groups = rules.Where(rule => rule["Statement"]!["ManagedRuleGroupStatement"] is not null).ToList();

        // Assert
        Assert.Equal([WebAclRules.RateLimitRule, WebAclRules.FormPostRateLimitRule], rules.Take(2).Select(rule => rule["Name"]!.GetValue<string>()));
        Assert.Equal(["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"], dev.Settings.WafManagedRuleGroups);
        Assert.Equal(dev.Settings.WafManagedRuleGroups, groups.Select(rule => rule["Statement"]!["ManagedRuleGroupStatement"]!["Name"]!.GetValue<string>()));
        Assert.All(groups, rule =>
        {
            Assert.Equal("AWS", rule["Statement"]!["ManagedRuleGroupStatement"]!["VendorName"]!.GetValue<string>());
            Assert.Equal("{\"None\":{}}", rule["OverrideAction"]!.ToJsonString());
            Assert.True(rule["VisibilityConfig"]!["CloudWatchMetricsEnabled"]!.GetValue<bool>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EachClientIpIsBlockedBeyondTheRateLimitAndSoonerBeyondTheFormPostLimit()
    {
        // Arrange
        var dev = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var all = Rule(dev, WebAclRules.RateLimitRule);
        var formPosts = Rule(dev, WebAclRules.FormPostRateLimitRule);

        // Assert
        foreach (var (rule, limit) in new[] { (all, dev.Settings.WafRateLimit), (formPosts, dev.Settings.WafFormPostRateLimit) })
        {
            var statement = rule["Statement"]!["RateBasedStatement"]!;
            Assert.Equal((limit, "IP"), (statement["Limit"]!.GetValue<int>(), statement["AggregateKeyType"]!.GetValue<string>()));
            Assert.Equal("{\"Block\":{}}", rule["Action"]!.ToJsonString());
        }

        Assert.True(dev.Settings.WafFormPostRateLimit < dev.Settings.WafRateLimit);
        Assert.Null(all["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"]);
        var method = formPosts["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"]!["ByteMatchStatement"]!;
        Assert.Equal(("{\"Method\":{}}", "EXACTLY", "POST"), (method["FieldToMatch"]!.ToJsonString(), method["PositionalConstraint"]!.GetValue<string>(), method["SearchString"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WafLogsGoToAnAwsWafLogsGroupWithAuthorizationAndCookieRedacted()
    {
        // Arrange
        var dev = await environments.Dev(TestContext.Current.CancellationToken);
        var edgeSecurity = dev.EdgeSecurity!;

        // Act
        var logging = Assert.Single(edgeSecurity.OfType("AWS::WAFv2::LoggingConfiguration")).Resource["Properties"]!;
        var logGroup = Assert.Single(edgeSecurity.OfType("AWS::Logs::LogGroup")).Resource["Properties"]!;

        // Assert
        var name = logGroup["LogGroupName"]!.GetValue<string>();
        Assert.StartsWith("aws-waf-logs-", name, StringComparison.Ordinal);
        Assert.Equal(dev.Settings.LogRetentionDays, logGroup["RetentionInDays"]!.GetValue<int>());
        Assert.EndsWith($":log-group:{name}\"]]}}]", logging["LogDestinationConfigs"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(StackTemplate.GetAtt("WebAcl", "Arn").ToJsonString(), logging["ResourceArn"]!.ToJsonString());
        Assert.Equal(["authorization", "cookie"], logging["RedactedFields"]!.AsArray().Select(field => field!["SingleHeader"]!["Name"]!.GetValue<string>()));
    }
}
