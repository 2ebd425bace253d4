namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The AWS managed rule groups an environment may list in <c>wafManagedRuleGroups</c>, with the web ACL
/// capacity units (WCU) each one uses. Only the groups included in the web ACL's price are offered: the
/// others (Bot Control, account takeover and creation fraud, anti-DDoS) bill per request on top and need
/// configuration the publisher does not write.
/// </summary>
internal static class ManagedRuleGroups
{
    /// <summary>WCU a web ACL holds before AWS WAF charges more for every request it inspects.</summary>
    public const int IncludedCapacity = 1500;

    /// <summary>WCU of the two rate-based rules: 2 each, plus 2 for the form-post rule's method match.</summary>
    public const int RateRulesCapacity = 6;

    public static IReadOnlyDictionary<string, int> Capacity { get; } = new Dictionary<string, int>
    {
        ["AWSManagedRulesCommonRuleSet"] = 700,
        ["AWSManagedRulesKnownBadInputsRuleSet"] = 200,
        ["AWSManagedRulesAmazonIpReputationList"] = 25,
        ["AWSManagedRulesAnonymousIpList"] = 50,
        ["AWSManagedRulesAdminProtectionRuleSet"] = 100,
        ["AWSManagedRulesSQLiRuleSet"] = 200,
        ["AWSManagedRulesLinuxRuleSet"] = 200,
        ["AWSManagedRulesUnixRuleSet"] = 100,
        ["AWSManagedRulesWindowsRuleSet"] = 200,
        ["AWSManagedRulesPHPRuleSet"] = 100,
        ["AWSManagedRulesWordPressRuleSet"] = 100,
    };
}
