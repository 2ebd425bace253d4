using System.Text.Json.Serialization;

namespace IdentityE2E.Backend.Identities;

/// <summary>An identity as clients see it.</summary>
internal sealed record Identity(
    string Id,
    string GivenName,
    string FamilyName,
    string Email,
    string? DateOfBirth,
    string Status,
    DateTime CreatedAt,
    string? CreatedBy,
    DateTime UpdatedAt,
    string? UpdatedBy,
    long Version);

/// <summary>One change of an identity as clients see it; the optional parts appear only for the actions that have them.</summary>
internal sealed record HistoryEntry(
    string Action,
    string By,
    DateTime At,
    long Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Fields,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To);

/// <summary>The history of an identity, oldest change first.</summary>
internal sealed record IdentityHistory(IReadOnlyList<HistoryEntry> Items);

/// <summary>One page of identities; <c>NextCursor</c> is null on the last page.</summary>
internal sealed record IdentityPage(IReadOnlyList<Identity> Items, string? NextCursor);

/// <summary>The body of the status command: only the status, so nothing else can fail or be overwritten.</summary>
internal sealed record ChangeStatusRequest(string? Status);
