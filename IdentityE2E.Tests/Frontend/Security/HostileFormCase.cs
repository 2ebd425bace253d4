namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>What a hostile form post must get back.</summary>
public enum Refusal
{
    /// <summary>The form again (200), with a validation message next to <see cref="HostileFormCase.Field"/>.</summary>
    MessageNextToField,

    /// <summary>The page again (200) with an error banner (role="alert") or a validation message somewhere.</summary>
    MessageOnPage,

    /// <summary>A client error with exactly <see cref="HostileFormCase.Status"/>.</summary>
    ClientError,
}

/// <summary>
/// One hostile post to the create or edit form. <see cref="Fields"/> change a valid form: a value replaces
/// the field's, null removes the field. {email} is replaced by a fresh address.
/// </summary>
public sealed record HostileFormCase(
    string Name,
    string Form,
    IReadOnlyDictionary<string, string?> Fields,
    Refusal Refusal,
    string? Field = null,
    int Status = 200)
{
    /// <summary>Text the answer must contain, such as a hostile value HTML-encoded.</summary>
    public string? MustContain { get; init; }

    /// <summary>Text the answer must not contain, such as a hostile value as markup.</summary>
    public string? MustNotContain { get; init; }

    /// <summary>Sends this instead of a url-encoded form: a content type and a body.</summary>
    public (string ContentType, string Body)? Raw { get; init; }

    /// <summary>Where the post goes instead of the target identity's form (an identity that does not exist).</summary>
    public string? Path { get; init; }

    public bool IsEdit => Form == "edit-identity";

    public override string ToString() => Name;
}
