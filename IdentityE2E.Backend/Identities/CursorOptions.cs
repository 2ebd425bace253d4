using System.ComponentModel.DataAnnotations;

namespace IdentityE2E.Backend.Identities;

/// <summary>The key that signs paging cursors, so clients cannot forge positions or swap filters.</summary>
internal sealed class CursorOptions
{
    public const string SectionName = "Cursor";

    [Required(ErrorMessage = "Configuration key 'Cursor:SigningKey' is required.")]
    [MinLength(32, ErrorMessage = "Configuration key 'Cursor:SigningKey' must be at least 32 characters.")]
    public string SigningKey { get; set; } = "";
}
