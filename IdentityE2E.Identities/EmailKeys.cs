using System.Globalization;
using System.Text;

namespace IdentityE2E.Identities;

/// <summary>The uniqueness key of an email: one key for every spelling a person would call the same address.</summary>
internal static class EmailKeys
{
    // DynamoDB allows 2048 bytes in a partition key; NFKC can expand a character many times over,
    // so the key is bounded on its own and not only through the address's length.
    public const int MaxKeyBytes = 1024;

    private static readonly IdnMapping Idna = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>
    /// Trims, applies NFKC (full-width letters, composed vs decomposed accents), writes the domain in
    /// IDNA's ASCII form (punycode) and lower-cases. False when IDNA refuses the domain or the key is too long.
    /// </summary>
    public static bool TryCreate(string email, out string key)
    {
        key = "";
        var normalized = email.Trim().Normalize(NormalizationForm.FormKC);
        var at = normalized.LastIndexOf('@');
        if (at <= 0 || at == normalized.Length - 1)
        {
            return false;
        }

        var local = normalized[..at];
        var domain = normalized[(at + 1)..];
        if (!Ascii.IsValid(domain))
        {
            try
            {
                domain = Idna.GetAscii(domain);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        // An ASCII domain skips IDNA on purpose: its key stays byte-identical to the keys stored before
        // IDNA was applied (trimmed and lower-cased), whatever IDNA's stricter rules would say of it.
        var candidate = $"{local}@{domain}".ToLowerInvariant();
        if (Encoding.UTF8.GetByteCount(candidate) > MaxKeyBytes)
        {
            return false;
        }

        key = candidate;
        return true;
    }

    /// <summary>
    /// The key of an address already stored. Addresses stored before IDNA was applied may be refused by it;
    /// their reservation was written under the earlier key (trimmed, lower-cased), so that is their key.
    /// </summary>
    public static string Of(string email) => TryCreate(email, out var key) ? key : email.Trim().ToLowerInvariant();
}
