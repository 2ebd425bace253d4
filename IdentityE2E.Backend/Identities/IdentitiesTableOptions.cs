using System.ComponentModel.DataAnnotations;

namespace IdentityE2E.Backend.Identities;

/// <summary>Where the identities live: the table the AppHost (run mode) or CloudFormation (cloud) made.</summary>
internal sealed class IdentitiesTableOptions
{
    public const string SectionName = "AWS:Resources:identities";

    [Required(ErrorMessage = "Configuration key 'AWS:Resources:identities:TableName' is required.")]
    public string TableName { get; set; } = "";
}
