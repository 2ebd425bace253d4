using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;

namespace IdentityE2E.Identities;

/// <summary>Checks what clients send and normalizes it; errors are keyed by the camelCase field name.</summary>
internal static partial class IdentityValidation
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public static readonly DateOnly EarliestDateOfBirth = new(1900, 1, 1);

    public static IdentityFields? Validate(CreateIdentityRequest request, DateTimeOffset now, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var fields = ValidateCommon(request.GivenName, request.FamilyName, request.Email, request.DateOfBirth, now, errors);
        return errors.Count == 0 ? fields : null;
    }

    public static IdentityFields? Validate(UpdateIdentityRequest request, DateTimeOffset now, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var fields = ValidateCommon(request.GivenName, request.FamilyName, request.Email, request.DateOfBirth, now, errors);
        if (!IdentityStatus.IsKnown(request.Status))
        {
            errors["status"] = [StatusMessage];
        }

        return errors.Count == 0 ? fields with { Status = request.Status! } : null;
    }

    public const string EmailDomainMessage =
        "Email must have a domain that is a valid internationalized domain name, like name@bücher.example.";

    public const string StatusMessage = "Status must be one of: pending, verified, rejected.";

    /// <summary>Ids are made by the server: a version 7 GUID as 32 lowercase hex digits.</summary>
    public static bool IsWellFormedId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Parses a page size; absent means the default, anything but a plain number in range is an error.</summary>
    public static bool TryParseLimit(string? value, out int limit)
    {
        limit = DefaultPageSize;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit)
            && limit is >= 1 and <= MaxPageSize;
    }

    private static IdentityFields ValidateCommon(
        string? givenName, string? familyName, string? email, string? dateOfBirth, DateTimeOffset now,
        Dictionary<string, string[]> errors)
    {
        var given = ValidateName("givenName", "Given name", givenName, errors);
        var family = ValidateName("familyName", "Family name", familyName, errors);
        var address = ValidateEmail(email, errors);
        var born = ValidateDateOfBirth(dateOfBirth, now, errors);
        return new IdentityFields(given, family, address, born, IdentityStatus.Pending);
    }

    private static string ValidateName(string key, string label, string? value, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors[key] = [$"{label} is required."];
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors[key] = [$"{label} must be at most {MaxNameLength} characters."];
        }
        else if (!IsPrintable(trimmed))
        {
            errors[key] = [$"{label} must not contain control or invisible formatting characters."];
        }

        return trimmed;
    }

    private static string ValidateEmail(string? value, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors["email"] = ["Email is required."];
        }
        else if (trimmed.Length > MaxEmailLength)
        {
            errors["email"] = [$"Email must be at most {MaxEmailLength} characters."];
        }
        else if (!IsEmail(trimmed))
        {
            errors["email"] = ["Email must be a valid address like name@example.com."];
        }
        else if (!EmailKeys.TryCreate(trimmed, out _))
        {
            errors["email"] = [EmailDomainMessage];
        }

        return trimmed;
    }

    private static DateOnly? ValidateDateOfBirth(string? value, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors["dateOfBirth"] = ["Date of birth must be a date in the form yyyy-MM-dd."];
            return null;
        }

        // The client's "today" may already be tomorrow in UTC+14, the earliest time zone.
        var latest = DateOnly.FromDateTime(now.UtcDateTime.AddHours(14));
        if (date > latest)
        {
            errors["dateOfBirth"] = ["Date of birth must not be in the future."];
        }
        else if (date < EarliestDateOfBirth)
        {
            errors["dateOfBirth"] = ["Date of birth must not be before 1900-01-01."];
        }

        return date;
    }

    /// <summary>True when the text has no control, format (zero-width, bidi override) or separator characters and no broken surrogates.</summary>
    public static bool IsPrintable(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    public static bool IsEmail(string value) =>
        IsPrintable(value)
        && EmailPattern().IsMatch(value)
        && MailAddress.TryCreate(value, out var address)
        // MailAddress composes what it parses (NFC); a decomposed accent is the same address, not a changed one.
        && address.Address == value.Normalize(NormalizationForm.FormC)
        && address.DisplayName.Length == 0;

    // One @, dot-separated atoms without specials on the left, and a domain of at least two labels
    // whose labels do not start or end with a hyphen. MailAddress then checks the finer points.
    [GeneratedRegex(
        @"^[^@\s\p{C}.""(),:;<>\[\]\\]+(?:\.[^@\s\p{C}.""(),:;<>\[\]\\]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailPattern();
}
