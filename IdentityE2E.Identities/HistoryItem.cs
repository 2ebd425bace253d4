using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Identities;

internal static class HistoryAction
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string StatusChanged = "status-changed";
    public const string Deleted = "deleted";
}

/// <summary>
/// One change of an identity, as stored (see docs/contracts.md). It names the fields that changed but
/// never copies their values: the history must hold no personal data beyond the identity itself.
/// </summary>
internal sealed record HistoryItem(
    string IdentityId,
    long Version,
    string Action,
    string By,
    DateTime At,
    IReadOnlyList<string>? Fields = null,
    string? From = null,
    string? To = null)
{
    public const string IndexName = "history";

    public string Pk => PkOf(IdentityId, Version);

    /// <summary>Sort key of the history GSI; the version orders changes made in the same tick.</summary>
    public string ChangedAt => $"{IdentityItem.FormatTimestamp(At)}#{Padded(Version)}";

    public static string PkOf(string id, long version) => $"history#{id}#{Padded(version)}";

    public static HistoryItem Created(IdentityItem item) =>
        new(item.Id, item.Version, HistoryAction.Created, item.CreatedBy!, item.CreatedAt);

    /// <summary>An update: the names of the fields it changed and, as the status is no personal data, the status move.</summary>
    public static HistoryItem Updated(IdentityItem before, IdentityItem after)
    {
        List<string> fields = [];
        AddWhenChanged(fields, "givenName", before.GivenName, after.GivenName);
        AddWhenChanged(fields, "familyName", before.FamilyName, after.FamilyName);
        AddWhenChanged(fields, "email", before.Email, after.Email);
        AddWhenChanged(fields, "dateOfBirth", before.DateOfBirth, after.DateOfBirth);
        var statusChanged = AddWhenChanged(fields, "status", before.Status, after.Status);
        return new(after.Id, after.Version, HistoryAction.Updated, after.UpdatedBy!, after.UpdatedAt, fields,
            statusChanged ? before.Status : null, statusChanged ? after.Status : null);
    }

    public static HistoryItem StatusChanged(IdentityItem before, IdentityItem after) =>
        new(after.Id, after.Version, HistoryAction.StatusChanged, after.UpdatedBy!, after.UpdatedAt, From: before.Status, To: after.Status);

    /// <summary>The delete marker takes the version the identity would have had next, so it sorts last and cannot clash.</summary>
    public static HistoryItem Deleted(IdentityItem before, string actor, DateTime now) =>
        new(before.Id, before.Version + 1, HistoryAction.Deleted, actor, now);

    public Dictionary<string, AttributeValue> ToAttributes()
    {
        var attributes = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = Pk },
            ["historyOf"] = new() { S = IdentityId },
            ["changedAt"] = new() { S = ChangedAt },
            ["action"] = new() { S = Action },
            ["by"] = new() { S = By },
            ["at"] = new() { S = IdentityItem.FormatTimestamp(At) },
            ["version"] = new() { N = Version.ToString(CultureInfo.InvariantCulture) },
        };
        if (Fields is not null)
        {
            // A list, not a string set: sets cannot be empty, and an update may change nothing.
            attributes["fields"] = new() { L = [.. Fields.Select(field => new AttributeValue { S = field })] };
        }

        if (From is not null)
        {
            attributes["from"] = new() { S = From };
        }

        if (To is not null)
        {
            attributes["to"] = new() { S = To };
        }

        return attributes;
    }

    public static HistoryItem FromAttributes(IReadOnlyDictionary<string, AttributeValue> attributes) => new(
        attributes["historyOf"].S,
        long.Parse(attributes["version"].N, NumberStyles.None, CultureInfo.InvariantCulture),
        attributes["action"].S,
        attributes["by"].S,
        IdentityItem.ParseTimestamp(attributes["at"].S),
        attributes.TryGetValue("fields", out var fields) ? [.. (fields.L ?? []).Select(field => field.S)] : null,
        attributes.TryGetValue("from", out var from) ? from.S : null,
        attributes.TryGetValue("to", out var to) ? to.S : null);

    private static string Padded(long version) => version.ToString("D10", CultureInfo.InvariantCulture);

    private static bool AddWhenChanged<T>(List<string> fields, string name, T before, T after)
    {
        var changed = !EqualityComparer<T>.Default.Equals(before, after);
        if (changed)
        {
            fields.Add(name);
        }

        return changed;
    }
}
