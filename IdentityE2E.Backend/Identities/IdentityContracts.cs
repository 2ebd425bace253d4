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

// Fields are nullable on the wire so that a missing field becomes a validation error naming it,
// not a JSON error about the whole body.
internal sealed record CreateIdentityRequest(string? GivenName, string? FamilyName, string? Email, string? DateOfBirth);

internal sealed record UpdateIdentityRequest(
    string? GivenName, string? FamilyName, string? Email, string? DateOfBirth, string? Status);

/// <summary>The body of the status command: only the status, so nothing else can fail or be overwritten.</summary>
internal sealed record ChangeStatusRequest(string? Status);

/// <summary>Validated, normalized values of an identity that a client may set.</summary>
internal sealed record IdentityFields(
    string GivenName, string FamilyName, string Email, DateOnly? DateOfBirth, string Status)
{
    /// <summary>Email uniqueness ignores case, surrounding spaces, Unicode spelling and punycode (see <see cref="EmailKeys"/>).</summary>
    public string EmailKey => EmailKeyOf(Email);

    public static string EmailKeyOf(string email) => EmailKeys.Of(email);
}

internal static class IdentityStatus
{
    public const string Pending = "pending";
    public const string Verified = "verified";
    public const string Rejected = "rejected";

    public static bool IsKnown(string? status) => status is Pending or Verified or Rejected;
}
