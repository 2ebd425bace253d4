using System.Security.Cryptography;
using System.Text;
using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>
/// The id an imported identity gets: derived from its stable source key, so a second run of the same
/// file finds the identities of the first instead of creating new ones.
/// </summary>
internal static class ImportIds
{
    // Versioned so a future change of derivation cannot silently map old keys onto new ids.
    private const string Namespace = "identitye2e-import-v1\n";

    /// <summary>
    /// A GUID in the backend's format (32 lowercase hex digits), RFC 9562 version 8, from SHA-256 of the key.
    /// A source id already in that format is kept: it is this system's own id (an export), and keeping it
    /// keeps every link to the identity working.
    /// </summary>
    public static string Of(string sourceKey)
    {
        if (sourceKey.StartsWith("id:", StringComparison.Ordinal) && IdentityValidation.IsWellFormedId(sourceKey[3..]))
        {
            return sourceKey[3..];
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(Namespace + sourceKey), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(bytes);
    }
}
