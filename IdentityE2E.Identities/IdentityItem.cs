using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Identities;

/// <summary>An identity as stored in the identities table (see docs/contracts.md).</summary>
internal sealed record IdentityItem(
    string Id,
    string GivenName,
    string FamilyName,
    string Email,
    DateOnly? DateOfBirth,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version,
    string? CreatedBy,
    string? UpdatedBy)
{
    public const string EntityValue = "identity";

    // Fixed width with a 'Z' suffix so that string order is time order in the GSI sort key.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string DateFormat = "yyyy-MM-dd";

    public string Pk => PkOf(Id);

    public string EmailKey => IdentityFields.EmailKeyOf(Email);

    /// <summary>Sort key of both GSIs; the id breaks ties between identities created in the same tick.</summary>
    public string Created => $"{FormatTimestamp(CreatedAt)}#{Id}";

    public static string PkOf(string id) => $"identity#{id}";

    public static string EmailPkOf(string emailKey) => $"email#{emailKey}";

    public static string FormatTimestamp(DateTime value) =>
        value.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static IdentityItem New(string id, IdentityFields fields, DateTime now, string actor) =>
        new(id, fields.GivenName, fields.FamilyName, fields.Email, fields.DateOfBirth, IdentityStatus.Pending, now, now, 1, actor, actor);

    public IdentityItem With(IdentityFields fields, DateTime now, string actor) => this with
    {
        GivenName = fields.GivenName,
        FamilyName = fields.FamilyName,
        Email = fields.Email,
        DateOfBirth = fields.DateOfBirth,
        Status = fields.Status,
        UpdatedAt = now,
        UpdatedBy = actor,
        Version = Version + 1,
    };

    public IdentityItem WithStatus(string status, DateTime now, string actor) => this with
    {
        Status = status,
        UpdatedAt = now,
        UpdatedBy = actor,
        Version = Version + 1,
    };

    public Dictionary<string, AttributeValue> ToAttributes()
    {
        var attributes = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = Pk },
            ["entity"] = new() { S = EntityValue },
            ["status"] = new() { S = Status },
            ["created"] = new() { S = Created },
            ["id"] = new() { S = Id },
            ["givenName"] = new() { S = GivenName },
            ["familyName"] = new() { S = FamilyName },
            ["email"] = new() { S = Email },
            ["emailKey"] = new() { S = EmailKey },
            ["createdAt"] = new() { S = FormatTimestamp(CreatedAt) },
            ["updatedAt"] = new() { S = FormatTimestamp(UpdatedAt) },
            ["version"] = new() { N = Version.ToString(CultureInfo.InvariantCulture) },
        };
        if (DateOfBirth is { } dateOfBirth)
        {
            attributes["dateOfBirth"] = new() { S = FormatDate(dateOfBirth) };
        }

        if (CreatedBy is not null)
        {
            attributes["createdBy"] = new() { S = CreatedBy };
        }

        if (UpdatedBy is not null)
        {
            attributes["updatedBy"] = new() { S = UpdatedBy };
        }

        return attributes;
    }

    public static IdentityItem FromAttributes(IReadOnlyDictionary<string, AttributeValue> attributes) => new(
        attributes["id"].S,
        attributes["givenName"].S,
        attributes["familyName"].S,
        attributes["email"].S,
        attributes.TryGetValue("dateOfBirth", out var dateOfBirth)
            ? DateOnly.ParseExact(dateOfBirth.S, DateFormat, CultureInfo.InvariantCulture)
            : null,
        attributes["status"].S,
        ParseTimestamp(attributes["createdAt"].S),
        ParseTimestamp(attributes["updatedAt"].S),
        long.Parse(attributes["version"].N, NumberStyles.None, CultureInfo.InvariantCulture),
        // Identities stored before sign-in existed have no author.
        attributes.TryGetValue("createdBy", out var createdBy) ? createdBy.S : null,
        attributes.TryGetValue("updatedBy", out var updatedBy) ? updatedBy.S : null);

    public static DateTime ParseTimestamp(string value) =>
        DateTime.ParseExact(value, TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>The email reservation that makes the email unique across identities.</summary>
    public Dictionary<string, AttributeValue> ToEmailReservation() => new()
    {
        ["pk"] = new() { S = EmailPkOf(EmailKey) },
        ["identityId"] = new() { S = Id },
    };
}
