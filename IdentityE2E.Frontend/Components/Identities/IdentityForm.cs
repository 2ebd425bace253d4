using System.ComponentModel.DataAnnotations;
using IdentityE2E.Frontend.Identities;

namespace IdentityE2E.Frontend.Components.Identities;

/// <summary>
/// What the create and edit forms post. The pages bind it as <c>Model</c>, so the posted field names are
/// <c>Model.GivenName</c>, <c>Model.FamilyName</c>, <c>Model.Email</c>, <c>Model.DateOfBirth</c>,
/// <c>Model.Status</c> and <c>Model.Version</c>.
/// </summary>
public sealed class IdentityForm
{
    [Required(ErrorMessage = "Enter the given name.")]
    [StringLength(100, ErrorMessage = "The given name can be at most 100 characters long.")]
    public string GivenName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the family name.")]
    [StringLength(100, ErrorMessage = "The family name can be at most 100 characters long.")]
    public string FamilyName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(254, ErrorMessage = "The email address can be at most 254 characters long.")]
    public string Email { get; set; } = string.Empty;

    // Which dates are plausible (not in the future, not before 1900) is the backend's rule; its
    // answer is shown next to the field.
    public DateOnly? DateOfBirth { get; set; }

    public IdentityStatus Status { get; set; } = IdentityStatus.Pending;

    /// <summary>The version the edit started from; sent back as If-Match.</summary>
    public long Version { get; set; }

    /// <summary>The form filled with the identity's current fields and version.</summary>
    public static IdentityForm From(Identity identity) => new()
    {
        GivenName = identity.GivenName,
        FamilyName = identity.FamilyName,
        Email = identity.Email,
        DateOfBirth = identity.DateOfBirth,
        Status = identity.Status,
        Version = identity.Version,
    };

    public NewIdentity ToNewIdentity() => new(GivenName.Trim(), FamilyName.Trim(), Email.Trim(), DateOfBirth);

    public IdentityChanges ToChanges() => new(GivenName.Trim(), FamilyName.Trim(), Email.Trim(), DateOfBirth, Status);
}
