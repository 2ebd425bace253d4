using Amazon.CDK;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>One acknowledged cdk-nag rule, optionally narrowed to findings (e.g. <c>Resource::*</c>).</summary>
internal sealed record NagRule(string Id, string Reason, params string[] AppliesTo);

/// <summary>
/// Writes cdk-nag acknowledgements into the template as <c>Metadata.cdk_nag.rules_to_suppress</c> on the
/// resource itself. tools/nag-check.mjs turns them into acknowledgements of the included template and
/// fails on any without a reason. Call it next to the construct, with every rule for that resource.
/// </summary>
internal static class Nag
{
    public const string MetadataKey = "cdk_nag";

    public static void Acknowledge(IConstruct construct, params NagRule[] rules)
    {
        var resource = construct as CfnResource
            ?? construct.Node.DefaultChild as CfnResource
            ?? throw new InvalidOperationException($"{construct.Node.Path} has no CloudFormation resource to acknowledge a rule on.");
        if (resource.GetMetadata(MetadataKey) is not null)
        {
            throw new InvalidOperationException($"{resource.Node.Path} already has acknowledgements; list all of its rules in one call.");
        }

        foreach (var rule in rules.Where(rule => string.IsNullOrWhiteSpace(rule.Reason)))
        {
            throw new InvalidOperationException($"{resource.Node.Path}: acknowledgement of {rule.Id} needs a reason.");
        }

        resource.AddMetadata(MetadataKey, new Dictionary<string, object>
        {
            ["rules_to_suppress"] = rules.Select(rule => (object)RuleMetadata(rule)).ToArray(),
        });
    }

    private static Dictionary<string, object> RuleMetadata(NagRule rule)
    {
        var metadata = new Dictionary<string, object> { ["id"] = rule.Id, ["reason"] = rule.Reason };
        if (rule.AppliesTo.Length > 0)
        {
            metadata["applies_to"] = rule.AppliesTo.Cast<object>().ToArray();
        }

        return metadata;
    }
}
