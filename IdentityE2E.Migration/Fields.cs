namespace IdentityE2E.Migration;

/// <summary>The field names a source row may carry: the API's, plus the source's own id and the status.</summary>
internal static class Fields
{
    public const string Id = "id";
    public const string GivenName = "givenName";
    public const string FamilyName = "familyName";
    public const string Email = "email";
    public const string DateOfBirth = "dateOfBirth";
    public const string Status = "status";

    public static readonly IReadOnlyList<string> Known = [Id, GivenName, FamilyName, Email, DateOfBirth, Status];
}
