using System.Text.Json.Serialization;

namespace IdentityE2E.Frontend.Identities;

/// <summary>An identity as the backend sends it.</summary>
public sealed record Identity(
    string Id,
    string GivenName,
    string FamilyName,
    string Email,
    DateOnly? DateOfBirth,
    IdentityStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    string? CreatedBy = null,
    string? UpdatedBy = null)
{
    /// <summary>The name as people read it in headings and questions.</summary>
    public string FullName => $"{GivenName} {FamilyName}";
}

/// <summary>Where an identity is in its review.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdentityStatus>))]
public enum IdentityStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("verified")]
    Verified,

    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>The statuses as the backend spells them in query strings and bodies (and the pages in CSS classes).</summary>
public static class IdentityStatusNames
{
    public static string ToWire(this IdentityStatus status) => status switch
    {
        IdentityStatus.Pending => "pending",
        IdentityStatus.Verified => "verified",
        IdentityStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status with this spelling, or null for anything else.</summary>
    public static IdentityStatus? FromWire(string? value) =>
        Enum.GetValues<IdentityStatus>().Cast<IdentityStatus?>().FirstOrDefault(status => status!.Value.ToWire() == value);
}

/// <summary>One page of the identity list; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record IdentityPage(IReadOnlyList<Identity> Items, string? NextCursor);

/// <summary>The body of a create.</summary>
public sealed record NewIdentity(string GivenName, string FamilyName, string Email, DateOnly? DateOfBirth);

/// <summary>The body of an update: every field, because an update replaces them all.</summary>
public sealed record IdentityChanges(
    string GivenName,
    string FamilyName,
    string Email,
    DateOnly? DateOfBirth,
    IdentityStatus Status);

/// <summary>One entry of an identity's change history: who did what, when.</summary>
public sealed record IdentityChange(
    string Action,
    string By,
    DateTimeOffset At,
    long Version,
    IReadOnlyList<string>? Fields = null,
    string? From = null,
    string? To = null);
