using IdentityE2E.Identities;
using IdentityE2E.Migration.Sources;

namespace IdentityE2E.Migration;

/// <summary>A source record that passed the domain rules: the item it becomes, and the key it came from.</summary>
internal sealed record ImportRow(long Row, string SourceKey, IdentityItem Item)
{
    public const string Actor = "import";

    /// <summary>
    /// Applies the column map and the backend's own validation. A row carries a status, which the API's
    /// create does not take, so it is checked as an update is: all fields, and the status as one of the known.
    /// </summary>
    public static ImportRow? Create(SourceRecord record, IReadOnlyDictionary<string, string> map, DateTimeOffset now, out string reason)
    {
        reason = "";
        if (record.Error is not null)
        {
            reason = $"record {record.Error}";
            return null;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (column, value) in record.Values)
        {
            values[map.TryGetValue(column, out var field) ? field : column] = value;
        }

        string? Get(string field) => values.TryGetValue(field, out var value) ? value : null;

        // An empty cell is what CSV has for "no date"; the API's "absent" is null.
        var dateOfBirth = Get(Fields.DateOfBirth) is { Length: > 0 } date ? date : null;
        var status = Get(Fields.Status) is { Length: > 0 } given ? given : IdentityStatus.Pending;
        var request = new UpdateIdentityRequest(Get(Fields.GivenName), Get(Fields.FamilyName), Get(Fields.Email), dateOfBirth, status);
        if (IdentityValidation.Validate(request, now, out var errors) is not { } fields)
        {
            reason = string.Join("; ", errors.OrderBy(error => error.Key, StringComparer.Ordinal)
                .Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
            return null;
        }

        var sourceKey = Get(Fields.Id) is { } id && id.Trim().Length > 0 ? $"id:{id.Trim()}" : $"email:{fields.EmailKey}";
        var item = IdentityItem.New(ImportIds.Of(sourceKey), fields, now.UtcDateTime, Actor) with { Status = fields.Status };
        return new(record.Row, sourceKey, item);
    }

    /// <summary>The values a client can set, in one canonical line: what "the same content" means for skips and for verification.</summary>
    public static string Canonical(IdentityItem item) => string.Join('\u001f',
        item.Id, item.GivenName, item.FamilyName, item.Email,
        item.DateOfBirth is { } date ? IdentityItem.FormatDate(date) : "", item.Status);
}
