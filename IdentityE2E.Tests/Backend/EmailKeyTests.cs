using IdentityE2E.Identities;

namespace IdentityE2E.Tests.Backend;

public sealed class EmailKeyTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("  Ada.Lovelace@Example.COM ")]
    [InlineData("GRACE+hopper@navy.mil")]
    [InlineData("x_y-z.1@sub.xn--bcher-kva.example")]
    [InlineData("o'brien@a-b.example.org")]
    public void APlainAsciiAddressKeepsTheKeyItHadBeforeNormalization(string email)
    {
        // Arrange: the key every reservation stored so far was written under.
        var earlier = email.Trim().ToLowerInvariant();

        // Act
        var key = IdentityFields.EmailKeyOf(email);

        // Assert
        Assert.Equal(earlier, key, StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("ren\u00E9@example.com", "rene\u0301@example.com")]
    [InlineData("ada@b\u00FCcher.example", "ada@xn--bcher-kva.example")]
    [InlineData("ada@B\u00DCCHER.example", "ada@xn--bcher-kva.example")]
    [InlineData("\uFF21\uFF24\uFF21@example.com", "ada@example.com")]
    [InlineData("ada@\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.com", "ada@example.com")]
    public void SpellingsAPersonWouldCallTheSameAddressShareOneKey(string spelling, string original)
    {
        // Arrange
        var expected = IdentityFields.EmailKeyOf(original);

        // Act
        var key = IdentityFields.EmailKeyOf(spelling);

        // Assert
        Assert.Equal(expected, key, StringComparer.Ordinal);
    }

    [Fact]
    public void AUnicodeDomainIsKeyedInItsPunycodeForm()
    {
        // Act
        var key = IdentityFields.EmailKeyOf("Ren\u00E9@B\u00FCcher.Example");

        // Assert
        Assert.Equal("ren\u00E9@xn--bcher-kva.example", key, StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DomainsIdnaRefuses))]
    public void ADomainIdnaRefusesHasNoKey(string email)
    {
        // Act
        var created = EmailKeys.TryCreate(email, out _);

        // Assert
        Assert.False(created);
    }

    [Theory]
    [MemberData(nameof(DomainsIdnaRefuses))]
    public void ADomainIdnaRefusesIsAValidationErrorOnEmail(string email)
    {
        // Arrange
        var request = new CreateIdentityRequest("Ada", "Lovelace", email, null);

        // Act
        var fields = IdentityValidation.Validate(request, DateTimeOffset.UtcNow, out var errors);

        // Assert
        Assert.Null(fields);
        Assert.Equal(["email"], errors.Keys);
        Assert.Equal([IdentityValidation.EmailDomainMessage], errors["email"]);
    }

    public static TheoryData<string> DomainsIdnaRefuses() =>
    [
        // A label of 64 letters: over DNS's 63, and longer still in punycode.
        "ada@" + new string('\u00FC', 64) + ".example",
        // An ACE label must be ASCII punycode, not Unicode.
        "ada@xn--\u00FC.example",
    ];
}
