using IdentityE2E.Backend.Identities;

namespace IdentityE2E.Tests.Backend;

public sealed class PageCursorTests
{
    private const string Key = "a-signing-key-of-at-least-32-characters";
    private static readonly PageCursor Cursor = new("verified", "2025-06-15T12:00:00.0000000Z#0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f");

    [Fact]
    public void ACursorDecodesToWhatWasEncoded()
    {
        // Arrange
        var encoded = Cursor.Encode(Key);

        // Act
        var decoded = PageCursor.TryDecode(encoded, "verified", Key, out var cursor);

        // Assert
        Assert.True(decoded);
        Assert.Equal(Cursor, cursor);
    }

    [Fact]
    public void AnEncodedCursorIsUrlSafe()
    {
        // Act
        var encoded = Cursor.Encode(Key);

        // Assert
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", encoded);
    }

    [Fact]
    public void ACursorWithoutAFilterOnlyDecodesWithoutAFilter()
    {
        // Arrange
        var encoded = (Cursor with { Status = null }).Encode(Key);

        // Act / Assert
        Assert.True(PageCursor.TryDecode(encoded, null, Key, out _));
        Assert.False(PageCursor.TryDecode(encoded, "pending", Key, out _));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData(null)]
    public void ACursorIsRejectedUnderAnotherFilter(string? status)
    {
        // Act / Assert
        Assert.False(PageCursor.TryDecode(Cursor.Encode(Key), status, Key, out var cursor));
        Assert.Null(cursor);
    }

    [Fact]
    public void ACursorSignedWithAnotherKeyIsRejected()
    {
        // Act / Assert
        Assert.False(PageCursor.TryDecode(Cursor.Encode("another-signing-key-of-32-characters!"), "verified", Key, out _));
    }

    [Fact]
    public void EveryChangedCharacterOfACursorIsDetected()
    {
        // Arrange
        var encoded = Cursor.Encode(Key);

        // Act
        var accepted = Enumerable.Range(0, encoded.Length)
            .Select(i => encoded[..i] + (encoded[i] == 'A' ? 'B' : 'A') + encoded[(i + 1)..])
            .Where(tampered => PageCursor.TryDecode(tampered, "verified", Key, out _))
            .ToList();

        // Assert
        Assert.Empty(accepted);
    }

    [Fact]
    public void ACursorWithAForgedPayloadAndTheOldSignatureIsRejected()
    {
        // Arrange
        var signature = Cursor.Encode(Key).Split('.')[1];
        var forged = (Cursor with { Id = "ffffffffffffffffffffffffffffffff" }).Encode(Key).Split('.')[0];

        // Act / Assert
        Assert.False(PageCursor.TryDecode($"{forged}.{signature}", "verified", Key, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("djF8fA.AAAA")]
    public void GarbageIsNotACursor(string value)
    {
        // Act / Assert
        Assert.False(PageCursor.TryDecode(value, null, Key, out _));
    }
}
