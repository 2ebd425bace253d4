using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Tests.Backend.Hostile;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// The uniqueness rule as stored data: every identity holds the reservation of its email, and every
/// reservation belongs to an identity that has that email. Checked on a full scan of the table.
/// </summary>
public static class ReservationInvariants
{
    /// <summary>Checks the whole table; only meaningful while nothing else writes to it.</summary>
    public static async Task AssertHoldAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var items = await TableSnapshot.ScanAllAsync(client, tableName, cancellationToken);
        AssertHold(items.Where(item => IsA(item, "identity#")), items.Where(item => IsA(item, "email#")));
    }

    /// <summary>Checks a set of identities and reservations that no one else touches (a test's own items).</summary>
    public static void AssertHold(
        IEnumerable<Dictionary<string, AttributeValue>> identityItems, IEnumerable<Dictionary<string, AttributeValue>> reservationItems)
    {
        var identities = identityItems.ToDictionary(item => item["id"].S);
        var reservations = reservationItems.ToDictionary(item => item["pk"].S);

        foreach (var identity in identities.Values)
        {
            var key = $"email#{identity["emailKey"].S}";
            Assert.True(reservations.TryGetValue(key, out var reservation), $"identity {identity["id"].S} has no reservation {key}");
            Assert.Equal(identity["id"].S, reservation["identityId"].S);
        }

        foreach (var reservation in reservations.Values)
        {
            Assert.True(identities.TryGetValue(reservation["identityId"].S, out var holder),
                $"{reservation["pk"].S} is orphaned: identity {reservation["identityId"].S} does not exist");
            Assert.Equal(reservation["pk"].S, $"email#{holder["emailKey"].S}");
        }
    }

    private static bool IsA(Dictionary<string, AttributeValue> item, string prefix) =>
        item["pk"].S.StartsWith(prefix, StringComparison.Ordinal);
}
