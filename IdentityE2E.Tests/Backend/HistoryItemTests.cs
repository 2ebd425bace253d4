using IdentityE2E.Backend.Identities;
using IdentityE2E.Identities;

namespace IdentityE2E.Tests.Backend;

public sealed class HistoryItemTests
{
    private static readonly DateTime At = new(2025, 6, 15, 12, 30, 45, 123, DateTimeKind.Utc);

    private static readonly IdentityItem Before = new(
        "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", "Ada", "Lovelace", "ada@example.com", new DateOnly(1990, 12, 10),
        "pending", At, At, 7, "creator-sub", "creator-sub");

    [Fact]
    public void AHistoryItemIsStoredWithTheKeysOfTheContract()
    {
        // Arrange
        var after = Before.WithStatus("verified", At.AddMinutes(1), "editor-sub");

        // Act
        var attributes = HistoryItem.StatusChanged(Before, after).ToAttributes();

        // Assert
        Assert.Equal($"history#{Before.Id}#0000000008", attributes["pk"].S);
        Assert.Equal(Before.Id, attributes["historyOf"].S);
        Assert.Equal("2025-06-15T12:31:45.1230000Z#0000000008", attributes["changedAt"].S);
        Assert.Equal(("status-changed", "editor-sub", "8"), (attributes["action"].S, attributes["by"].S, attributes["version"].N));
        Assert.Equal(("pending", "verified"), (attributes["from"].S, attributes["to"].S));
        Assert.False(attributes.ContainsKey("fields"));
    }

    [Fact]
    public void AnUpdateRecordsTheNamesOfTheChangedFieldsButNoneOfTheirValues()
    {
        // Arrange
        var after = Before.With(
            new IdentityFields("Augusta", "Lovelace", "augusta@example.com", new DateOnly(1815, 12, 10), "rejected"), At, "editor-sub");

        // Act
        var history = HistoryItem.Updated(Before, after);
        var stored = string.Join(" ", history.ToAttributes().Values.Select(value => value.S ?? string.Join(",", (value.L ?? []).Select(item => item.S))));

        // Assert
        Assert.Equal(["givenName", "email", "dateOfBirth", "status"], history.Fields);
        Assert.Equal(("pending", "rejected"), (history.From, history.To));
        Assert.DoesNotContain("Augusta", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("augusta@example.com", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("1815", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUpdateThatKeepsTheStatusRecordsNoStatusMove()
    {
        // Arrange
        var after = Before.With(new IdentityFields("Ada", "King", "ada@example.com", new DateOnly(1990, 12, 10), "pending"), At, "editor-sub");

        // Act
        var history = HistoryItem.Updated(Before, after);

        // Assert
        Assert.Equal(["familyName"], history.Fields);
        Assert.Equal((null, null), (history.From, history.To));
    }

    [Fact]
    public void TheDeleteMarkerTakesTheNextVersion()
    {
        // Act
        var marker = HistoryItem.Deleted(Before, "editor-sub", At);

        // Assert
        Assert.Equal((8L, "deleted", "editor-sub"), (marker.Version, marker.Action, marker.By));
        Assert.Equal($"history#{Before.Id}#0000000008", marker.Pk);
    }

    [Fact]
    public void AStoredHistoryItemReadsBackUnchanged()
    {
        // Arrange
        var after = Before.With(new IdentityFields("Ada", "King", "ada@example.com", null, "verified"), At, "editor-sub");
        var history = HistoryItem.Updated(Before, after);

        // Act
        var read = HistoryItem.FromAttributes(history.ToAttributes());

        // Assert
        Assert.Equal(history.ToEntry() with { Fields = null }, read.ToEntry() with { Fields = null });
        Assert.Equal(history.Fields, read.Fields);
    }

    [Fact]
    public void SortKeysOrderLikeVersionsWithinTheSameTick()
    {
        // Arrange
        long[] versions = [1, 2, 10, 999];
        var keys = versions.Select(version => HistoryItem.Deleted(Before with { Version = version }, "x", At).ChangedAt).ToList();

        // Assert
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
