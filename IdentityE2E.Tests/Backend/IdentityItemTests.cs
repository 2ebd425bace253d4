using IdentityE2E.Backend.Identities;
using IdentityE2E.Identities;

namespace IdentityE2E.Tests.Backend;

public sealed class IdentityItemTests
{
    private static readonly DateTime Created = new(2025, 6, 15, 12, 30, 45, 123, DateTimeKind.Utc);

    private static readonly IdentityItem Item = new(
        "0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", "Ada", "Lovelace", "Ada@Example.com", new DateOnly(1990, 12, 10),
        "verified", Created, Created.AddMinutes(5), 3, "creator-sub", "editor-sub");

    [Fact]
    public void AnItemIsStoredWithTheKeysOfTheContract()
    {
        // Act
        var attributes = Item.ToAttributes();

        // Assert
        Assert.Equal("identity#0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", attributes["pk"].S);
        Assert.Equal("identity", attributes["entity"].S);
        Assert.Equal("verified", attributes["status"].S);
        Assert.Equal("2025-06-15T12:30:45.1230000Z#0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", attributes["created"].S);
        Assert.Equal("Ada@Example.com", attributes["email"].S);
        Assert.Equal("ada@example.com", attributes["emailKey"].S);
        Assert.Equal("1990-12-10", attributes["dateOfBirth"].S);
        Assert.Equal("2025-06-15T12:30:45.1230000Z", attributes["createdAt"].S);
        Assert.Equal("3", attributes["version"].N);
        Assert.Equal(("creator-sub", "editor-sub"), (attributes["createdBy"].S, attributes["updatedBy"].S));
    }

    [Fact]
    public void AnItemStoredBeforeAuthorsWereRecordedReadsWithoutThem()
    {
        // Arrange
        var attributes = Item.ToAttributes();
        attributes.Remove("createdBy");
        attributes.Remove("updatedBy");

        // Act
        var item = IdentityItem.FromAttributes(attributes);

        // Assert
        Assert.Equal((null, null), (item.CreatedBy, item.UpdatedBy));
    }

    [Fact]
    public void AnItemWithoutADateOfBirthHasNoSuchAttribute()
    {
        // Act
        var attributes = (Item with { DateOfBirth = null }).ToAttributes();

        // Assert
        Assert.False(attributes.ContainsKey("dateOfBirth"));
    }

    [Fact]
    public void AStoredItemReadsBackUnchanged()
    {
        // Act / Assert
        Assert.Equal(Item, IdentityItem.FromAttributes(Item.ToAttributes()));
        Assert.Equal(Item with { DateOfBirth = null }, IdentityItem.FromAttributes((Item with { DateOfBirth = null }).ToAttributes()));
    }

    [Fact]
    public void TheWireIdentityHidesStorageKeys()
    {
        // Act
        var identity = Item.ToIdentity();

        // Assert
        Assert.Equal(
            new Identity("0192f0c1a2b34c5d8e9f0a1b2c3d4e5f", "Ada", "Lovelace", "Ada@Example.com", "1990-12-10", "verified",
                Created, "creator-sub", Created.AddMinutes(5), "editor-sub", 3),
            identity);
    }

    [Fact]
    public void TheEmailReservationBelongsToTheIdentity()
    {
        // Act
        var reservation = Item.ToEmailReservation();

        // Assert
        Assert.Equal("email#ada@example.com", reservation["pk"].S);
        Assert.Equal(Item.Id, reservation["identityId"].S);
        Assert.Equal(2, reservation.Count);
    }

    [Fact]
    public void ANewIdentityStartsPendingAtVersionOneAndEachChangeAddsOne()
    {
        // Arrange
        var fields = new IdentityFields("Ada", "Lovelace", "ada@example.com", null, "pending");

        // Act
        var created = IdentityItem.New(Item.Id, fields, Created, "creator-sub");
        var changed = created.With(fields with { Status = "rejected" }, Created.AddHours(1), "editor-sub");

        // Assert
        Assert.Equal(("pending", 1L, Created, "creator-sub", "creator-sub"), (created.Status, created.Version, created.UpdatedAt, created.CreatedBy, created.UpdatedBy));
        Assert.Equal(("rejected", 2L, Created, Created.AddHours(1)), (changed.Status, changed.Version, changed.CreatedAt, changed.UpdatedAt));
        Assert.Equal(("creator-sub", "editor-sub"), (changed.CreatedBy, changed.UpdatedBy));
    }

    [Fact]
    public void SortKeysOrderLikeTheirCreationTimes()
    {
        // Arrange
        var times = new[] { Created, Created.AddTicks(1), Created.AddSeconds(1), Created.AddYears(1) };

        // Act
        var keys = times.Select(time => (Item with { CreatedAt = time }).Created).ToList();

        // Assert
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
