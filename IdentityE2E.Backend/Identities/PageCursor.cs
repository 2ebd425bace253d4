using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IdentityE2E.Backend.Identities;

/// <summary>
/// Where the next page starts: the GSI sort key and id of the last identity returned, bound to the
/// status filter it was made for. Clients get it signed and opaque, so they can neither forge a
/// position nor reuse a cursor under another filter.
/// </summary>
internal sealed record PageCursor(string? Status, string Created, string Id)
{
    private const string FormatVersion = "v1";
    private const char Separator = '|';

    /// <summary>Serializes and signs the cursor as <c>base64url(payload).base64url(hmac)</c>.</summary>
    public string Encode(string signingKey)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join(Separator, FormatVersion, Status ?? "", Created, Id));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Sign(signingKey, payload))}";
    }

    /// <summary>Reads a cursor; false when it is malformed, its signature does not match, or it belongs to another filter.</summary>
    public static bool TryDecode(string value, string? status, string signingKey, out PageCursor? cursor)
    {
        cursor = null;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || value.Length > 1024)
        {
            return false;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(value.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(signingKey, payload)))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(payload).Split(Separator);
        if (parts.Length != 4 || parts[0] != FormatVersion || parts[1] != (status ?? ""))
        {
            return false;
        }

        cursor = new PageCursor(status, parts[2], parts[3]);
        return true;
    }

    private static byte[] Sign(string signingKey, byte[] payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), payload);
}
