namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>Short object literals for Amazon.CDK.Assertions patterns.</summary>
internal static class Props
{
    public static Dictionary<string, object> Of(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
