namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// Hostile posts to the create and edit forms, in the spirit of the backend's catalogue: what a browser
/// never sends but a script can. The frontend's own checks catch some, the backend's answers the rest.
/// </summary>
public static class HostileFormCatalogue
{
    public const string Create = "create-identity";
    public const string Edit = "edit-identity";

    private const string BadEmail = "not-an-email";

    public static IReadOnlyList<HostileFormCase> All() =>
    [
        Field(Create, "length: 101-character given name", "GivenName", ("Model.GivenName", new string('a', 101))),
        Field(Create, "length: 255-character email", "Email", ("Model.Email", new string('a', 243) + "@example.com")),
        // ASP.NET Core's form reader refuses a NUL in any value before a page sees the form.
        Client(Create, "control: NUL in given name", 400, ("Model.GivenName", "Ada\u0000")),
        Field(Create, "control: CR LF inside family name", "FamilyName", ("Model.FamilyName", "Love\r\nlace")),
        Field(Create, "control: escape sequence in given name", "GivenName", ("Model.GivenName", "\u001B[31mAda")),
        Field(Create, "invisible: right-to-left override in given name", "GivenName", ("Model.GivenName", "\u202EadA")),
        Field(Create, "invisible: zero-width space in family name", "FamilyName", ("Model.FamilyName", "Love\u200Blace")),
        Field(Create, "email: no @", "Email", ("Model.Email", "ada.example.com")),
        Field(Create, "email: a@b", "Email", ("Model.Email", "a@b")),
        Field(Create, "email: header injection", "Email", ("Model.Email", "ada@example.com\r\nBcc: eve@example.com")),
        Field(Create, "date: in the future", "DateOfBirth", ("Model.DateOfBirth", "2999-01-01")),
        Field(Create, "date: before 1900", "DateOfBirth", ("Model.DateOfBirth", "1899-12-31")),
        Field(Create, "date: not a date", "DateOfBirth", ("Model.DateOfBirth", "not-a-date")),
        Field(Create, "date: 30 February", "DateOfBirth", ("Model.DateOfBirth", "2023-02-30")),
        Field(Create, "missing: every field", "GivenName",
            ("Model.GivenName", null), ("Model.FamilyName", null), ("Model.Email", null), ("Model.DateOfBirth", null)),
        Field(Create, "unknown: extra fields beside an invalid email", "Email",
            ("Model.Email", BadEmail), ("Model.Status", "Verified"), ("Model.Version", "99"), ("Model.Id", "0123456789abcdef0123456789abcdef"), ("IsAdmin", "true")),
        Field(Create, "script: in given name, shown again encoded", "Email", ("Model.GivenName", "<script>alert(1)</script>"), ("Model.Email", BadEmail)) with
        {
            MustContain = "&lt;script&gt;alert(1)&lt;/script&gt;",
            MustNotContain = "<script>alert(1)",
        },
        Field(Create, "script: attribute breakout in family name", "Email", ("Model.FamilyName", "\"><img src=x onerror=alert(1)>"), ("Model.Email", BadEmail)) with
        {
            MustContain = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
            MustNotContain = "<img src=x",
        },
        Client(Create, "handler: a form the page does not have", 400, ("_handler", "delete-everything")),
        Client(Create, "handler: none", 400, ("_handler", null)),
        Client(Create, "size: 40 KiB body", 413, ("Model.GivenName", new string('a', 40 * 1024))),
        new("content type: JSON", Create, Empty, Refusal.ClientError, Status: 400)
        {
            Raw = ("application/json", """{"_handler":"create-identity","Model.GivenName":"Ada","Model.FamilyName":"Lovelace","Model.Email":"ada@example.com"}"""),
        },
        new("content type: text/plain", Create, Empty, Refusal.ClientError, Status: 400)
        {
            Raw = ("text/plain", "_handler=create-identity&Model.GivenName=Ada&Model.FamilyName=Lovelace&Model.Email=ada%40example.com"),
        },
        Field(Edit, "edit length: 101-character family name", "FamilyName", ("Model.FamilyName", new string('b', 101))),
        Field(Edit, "edit date: in the future", "DateOfBirth", ("Model.DateOfBirth", "2999-01-01")),
        Field(Edit, "edit status: one that does not exist", "Status", ("Model.Status", "Deleted")),
        new("edit version: not a number", Edit, Changes(("Model.Version", "one")), Refusal.MessageOnPage),
        new("edit id: an identity that does not exist", Edit, Empty, Refusal.ClientError, Status: 404)
        {
            Path = "/identities/0123456789abcdef0123456789abcdef/edit",
        },
    ];

    public static HostileFormCase Find(string name) => All().Single(hostile => hostile.Name == name);

    private static readonly IReadOnlyDictionary<string, string?> Empty = new Dictionary<string, string?>();

    private static HostileFormCase Field(string form, string name, string field, params (string Key, string? Value)[] changes) =>
        new(name, form, Changes(changes), Refusal.MessageNextToField, field);

    private static HostileFormCase Client(string form, string name, int status, params (string Key, string? Value)[] changes) =>
        new(name, form, Changes(changes), Refusal.ClientError, Status: status);

    private static Dictionary<string, string?> Changes(params (string Key, string? Value)[] changes) =>
        changes.ToDictionary(change => change.Key, change => change.Value);
}
