using System.Globalization;

namespace IdentityE2E.Backend.Identities;

internal enum IfMatchKind
{
    Missing,
    Any,
    Version,
    NoMatch,
    Invalid,
}

/// <summary>ETags of identities are their version, quoted: <c>"3"</c>.</summary>
internal static class EntityTag
{
    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Reads If-Match. A weak tag or a tag that is not one of ours is well-formed but can never match
    /// (If-Match compares strongly), so it is <see cref="IfMatchKind.NoMatch"/>; lists are not supported.
    /// </summary>
    public static IfMatchKind ParseIfMatch(string? header, out long version)
    {
        version = 0;
        var value = header?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return IfMatchKind.Missing;
        }

        if (value == "*")
        {
            return IfMatchKind.Any;
        }

        var weak = value.StartsWith("W/", StringComparison.Ordinal);
        var tag = weak ? value[2..] : value;
        if (tag.Length < 2 || tag[0] != '"' || tag[^1] != '"' || !tag[1..^1].All(IsEntityTagChar))
        {
            return IfMatchKind.Invalid;
        }

        return !weak && long.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0
            ? IfMatchKind.Version
            : IfMatchKind.NoMatch;
    }

    // RFC 9110 etagc: any visible ASCII except the double quote (obs-text is not worth supporting).
    private static bool IsEntityTagChar(char c) => c is >= '!' and <= '~' and not '"';
}
