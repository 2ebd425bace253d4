using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Identities;

/// <summary>Where the identities live: the table the AppHost (run mode) or CloudFormation (cloud) made.</summary>
internal sealed class IdentitiesTableOptions
{
    public const string SectionName = "AWS:Resources:identities";

    public string TableName { get; set; } = "";
}

/// <summary>Fails the start naming the key; written out rather than data annotations, which need reflection (not trim-safe).</summary>
internal sealed class IdentitiesTableOptionsValidator : IValidateOptions<IdentitiesTableOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentitiesTableOptions options) =>
        string.IsNullOrWhiteSpace(options.TableName)
            ? ValidateOptionsResult.Fail("Configuration key 'AWS:Resources:identities:TableName' is required.")
            : ValidateOptionsResult.Success;
}
