using IdentityE2E.Identities;

namespace IdentityE2E.Tests.Backend;

public sealed class IdentityValidationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AValidCreateIsTrimmedAndStartsPending()
    {
        // Arrange
        var request = new CreateIdentityRequest("  Ada ", "\tLovelace ", " ada@example.com ", "1990-12-10");

        // Act
        var fields = IdentityValidation.Validate(request, Now, out var errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(new IdentityFields("Ada", "Lovelace", "ada@example.com", new DateOnly(1990, 12, 10), "pending"), fields);
    }

    [Fact]
    public void AValidUpdateKeepsItsStatusAndAllowsNoDateOfBirth()
    {
        // Arrange
        var request = new UpdateIdentityRequest("Ada", "Lovelace", "ada@example.com", null, "verified");

        // Act
        var fields = IdentityValidation.Validate(request, Now, out var errors);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(("verified", (DateOnly?)null), (fields?.Status, fields?.DateOfBirth));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Ada\u0000")]
    [InlineData("Ada\nByron")]
    [InlineData("Ada\u200B")]
    [InlineData("\u202EAda")]
    [InlineData("Ada\u2066")]
    [InlineData("Ada\uFEFF")]
    [InlineData("Ada\u2028Byron")]
    public void AMissingOrInvisiblyTamperedNameIsRejected(string? givenName)
    {
        // Arrange
        var request = new CreateIdentityRequest(givenName, "Lovelace", "ada@example.com", null);

        // Act
        var fields = IdentityValidation.Validate(request, Now, out var errors);

        // Assert
        Assert.Null(fields);
        Assert.Equal(["givenName"], errors.Keys);
    }

    [Fact]
    public void ANameWithABrokenSurrogatePairIsRejected()
    {
        // Arrange: built in code, because test data is serialized as UTF-8, which cannot carry it.
        var request = new CreateIdentityRequest("Ada" + '\uD800', "Lovelace", "ada@example.com", null);

        // Act
        IdentityValidation.Validate(request, Now, out var errors);

        // Assert
        Assert.Equal(["givenName"], errors.Keys);
    }

    [Fact]
    public void NamesMayHaveOneHundredCharactersButNotMore()
    {
        // Arrange
        var longest = new CreateIdentityRequest(new string('a', 100), "Lovelace", "ada@example.com", null);
        var tooLong = new CreateIdentityRequest("Ada", new string('a', 101), "ada@example.com", null);

        // Act
        IdentityValidation.Validate(longest, Now, out var longestErrors);
        IdentityValidation.Validate(tooLong, Now, out var tooLongErrors);

        // Assert
        Assert.Empty(longestErrors);
        Assert.Equal(["familyName"], tooLongErrors.Keys);
    }

    [Theory]
    [InlineData("José", "Ñúñez-O'Brien")]
    [InlineData("李", "小龙")]
    [InlineData("Zoë 🙂", "d'Artagnan")]
    public void NamesFromAnyScriptAreAccepted(string givenName, string familyName)
    {
        // Act
        IdentityValidation.Validate(new CreateIdentityRequest(givenName, familyName, "ada@example.com", null), Now, out var errors);

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+tag@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("user@xn--bcher-kva.example")]
    [InlineData("ADA@EXAMPLE.COM")]
    public void WellFormedEmailsAreAccepted(string email)
    {
        // Act / Assert
        Assert.True(IdentityValidation.IsEmail(email));
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData("ada@localhost")]
    [InlineData("ada@@example.com")]
    [InlineData("ada@exa@mple.com")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("ada@example..com")]
    [InlineData(".ada@example.com")]
    [InlineData("ada.@example.com")]
    [InlineData("ada..l@example.com")]
    [InlineData("ada@-example.com")]
    [InlineData("ada@example.com.")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("\"ada\"@example.com")]
    [InlineData("ada@exam\u200Bple.com")]
    [InlineData("ada\u0000@example.com")]
    [InlineData("ada@example.com\n")]
    public void MalformedEmailsAreRejected(string email)
    {
        // Act / Assert
        Assert.False(IdentityValidation.IsEmail(email));
    }

    [Fact]
    public void EmailsMayHave254CharactersButNotMore()
    {
        // Arrange
        var domain = "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 3)) + ".example"; // 192 characters
        var longest = new string('a', 254 - domain.Length) + domain;
        var tooLong = "a" + longest;

        // Act
        IdentityValidation.Validate(new CreateIdentityRequest("Ada", "Lovelace", longest, null), Now, out var longestErrors);
        IdentityValidation.Validate(new CreateIdentityRequest("Ada", "Lovelace", tooLong, null), Now, out var tooLongErrors);

        // Assert
        Assert.Equal(254, longest.Length);
        Assert.Empty(longestErrors);
        Assert.Equal(["email"], tooLongErrors.Keys);
    }

    [Theory]
    [InlineData("1900-01-01", true)]
    [InlineData("2025-06-15", true)]
    [InlineData("2025-06-16", true)]
    [InlineData("2025-06-17", false)]
    [InlineData("1899-12-31", false)]
    [InlineData("2000-02-30", false)]
    [InlineData("15/06/2000", false)]
    [InlineData("2000-6-1", false)]
    [InlineData("", false)]
    public void DatesOfBirthMustBeRealPastDatesSince1900(string dateOfBirth, bool valid)
    {
        // Act
        IdentityValidation.Validate(new CreateIdentityRequest("Ada", "Lovelace", "ada@example.com", dateOfBirth), Now, out var errors);

        // Assert
        Assert.Equal(valid ? [] : ["dateOfBirth"], errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Pending")]
    [InlineData("deleted")]
    public void AnUpdateNeedsAKnownStatus(string? status)
    {
        // Act
        IdentityValidation.Validate(new UpdateIdentityRequest("Ada", "Lovelace", "ada@example.com", null, status), Now, out var errors);

        // Assert
        Assert.Equal(["status"], errors.Keys);
    }

    [Fact]
    public void EveryBadFieldIsNamed()
    {
        // Act
        IdentityValidation.Validate(new UpdateIdentityRequest(null, "", "x", "soon", "done"), Now, out var errors);

        // Assert
        Assert.Equal(["dateOfBirth", "email", "familyName", "givenName", "status"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, true, 20)]
    [InlineData("", true, 20)]
    [InlineData("1", true, 1)]
    [InlineData("100", true, 100)]
    [InlineData("0", false, 0)]
    [InlineData("-1", false, 0)]
    [InlineData("101", false, 0)]
    [InlineData("1000000000000", false, 0)]
    [InlineData("+5", false, 0)]
    [InlineData(" 5", false, 0)]
    [InlineData("5.0", false, 0)]
    [InlineData("ten", false, 0)]
    public void APageSizeIsAPlainNumberFromOneToOneHundred(string? value, bool valid, int expected)
    {
        // Act
        var parsed = IdentityValidation.TryParseLimit(value, out var limit);

        // Assert
        Assert.Equal(valid, parsed);
        if (valid)
        {
            Assert.Equal(expected, limit);
        }
    }

    [Theory]
    [InlineData("0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", true)]
    [InlineData("0192F0C1A2B34C5D8E9F0A1B2C3D4E5F", false)]
    [InlineData("0192f0c1-a2b3-4c5d-8e9f-0a1b2c3d4e5f", false)]
    [InlineData("0192f0c1a2b34c5d8e9f0a1b2c3d4e5", false)]
    [InlineData("0192f0c1a2b34c5d8e9f0a1b2c3d4e5g", false)]
    [InlineData("", false)]
    public void OnlyServerMadeIdsAreWellFormed(string id, bool wellFormed)
    {
        // Act / Assert
        Assert.Equal(wellFormed, IdentityValidation.IsWellFormedId(id));
    }
}
