namespace IdentityE2E.Identities;

// The fields a client (or an import) may set, under the names the API uses: the import maps its
// source columns onto these same records, so one validation covers both.
// Fields are nullable on the wire so that a missing field becomes a validation error naming it,
// not a JSON error about the whole body.
internal sealed record CreateIdentityRequest(string? GivenName, string? FamilyName, string? Email, string? DateOfBirth);

internal sealed record UpdateIdentityRequest(
    string? GivenName, string? FamilyName, string? Email, string? DateOfBirth, string? Status);

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
