using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Identities;

/// <summary>The key that signs paging cursors, so clients cannot forge positions or swap filters.</summary>
internal sealed class CursorOptions
{
    public const string SectionName = "Cursor";

    public const int MinSigningKeyLength = 32;

    public string SigningKey { get; set; } = "";
}

/// <summary>Fails the start naming the key; written out rather than data annotations, which need reflection (not trim-safe).</summary>
internal sealed class CursorOptionsValidator : IValidateOptions<CursorOptions>
{
    public ValidateOptionsResult Validate(string? name, CursorOptions options) => options.SigningKey switch
    {
        var key when string.IsNullOrWhiteSpace(key) => ValidateOptionsResult.Fail("Configuration key 'Cursor:SigningKey' is required."),
        { Length: < CursorOptions.MinSigningKeyLength } =>
            ValidateOptionsResult.Fail($"Configuration key 'Cursor:SigningKey' must be at least {CursorOptions.MinSigningKeyLength} characters."),
        _ => ValidateOptionsResult.Success,
    };
}
