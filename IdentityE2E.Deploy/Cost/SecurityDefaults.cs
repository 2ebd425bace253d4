namespace IdentityE2E.Deploy.Cost;

/// <summary>
/// What the security defaults cost within an estimate. No setting turns them off, so they set the floor of what an
/// environment can cost; naming them with their price shows which one holds a cost target up.
/// </summary>
internal static class SecurityDefaults
{
    /// <summary>Each default and the estimate lines it pays for.</summary>
    private static readonly (string Default, string[] Lines)[] Defaults =
    [
        ("tasks in private subnets, whose egress (sign-in, the collector's public image, AWS APIs without an endpoint) needs a NAT gateway", ["NAT gateways", "Public IPv4 addresses"]),
        ("CloudTrail data events of every table read and write, with their audit bucket", ["CloudTrail data events", "Audit trail storage"]),
        ("AWS WAF in front of CloudFront", ["AWS WAF"]),
        ("customer-managed KMS keys", ["KMS keys"]),
        ("Cognito's Plus plan for threat protection", ["Cognito user pool"]),
    ];

    /// <summary>The price of each default in these items, most expensive first.</summary>
    public static IEnumerable<(string Default, decimal Monthly)> Costs(IReadOnlyList<CostItem> items) => Defaults
        .Select(entry => (entry.Default, Monthly: items.Where(item => entry.Lines.Contains(item.Name)).Sum(item => item.Monthly)))
        .Where(entry => entry.Monthly > 0)
        .OrderByDescending(entry => entry.Monthly);

    public static string Assumption(IReadOnlyList<CostItem> items) =>
        "Security defaults in this total, which no setting turns off: " +
        string.Join("; ", Costs(items).Select(entry => $"{entry.Default} ${entry.Monthly:0.00}")) + ".";
}
