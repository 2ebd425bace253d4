using IdentityE2E.Identities;

namespace IdentityE2E.Backend.Identities;

/// <summary>From stored items to what clients see; the wire records belong to the API, the items to the domain library.</summary>
internal static class IdentityMappings
{
    /// <summary>The identity as clients see it, without storage keys.</summary>
    public static Identity ToIdentity(this IdentityItem item) => new(
        item.Id, item.GivenName, item.FamilyName, item.Email,
        item.DateOfBirth is { } date ? IdentityItem.FormatDate(date) : null,
        item.Status, item.CreatedAt, item.CreatedBy, item.UpdatedAt, item.UpdatedBy, item.Version);

    /// <summary>A history entry as clients see it.</summary>
    public static HistoryEntry ToEntry(this HistoryItem history) =>
        new(history.Action, history.By, history.At, history.Version, history.Fields, history.From, history.To);
}
