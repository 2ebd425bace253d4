using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Identities;

/// <summary>
/// The one transaction that creates an identity, shared by the backend and the import so both write
/// exactly the same items: the identity, its first history entry and its email reservation, each only
/// if it does not exist yet.
/// </summary>
internal static class IdentityCreation
{
    /// <summary>Position of the identity put in the transaction; cancellation reasons come back in this order.</summary>
    public const int IdentityIndex = 0;

    /// <summary>Position of the history put.</summary>
    public const int HistoryIndex = 1;

    /// <summary>Position of the email reservation; last, so a failed condition there alone means "email taken".</summary>
    public const int EmailReservationIndex = 2;

    public const string NotExists = "attribute_not_exists(pk)";

    public static List<TransactWriteItem> Writes(string tableName, IdentityItem item) =>
    [
        new() { Put = new() { TableName = tableName, Item = item.ToAttributes(), ConditionExpression = NotExists } },
        new() { Put = RecordHistory(tableName, HistoryItem.Created(item)) },
        new() { Put = ReserveEmail(tableName, item) },
    ];

    public static Put RecordHistory(string tableName, HistoryItem history) => new()
    {
        TableName = tableName,
        Item = history.ToAttributes(),
        ConditionExpression = NotExists,
    };

    public static Put ReserveEmail(string tableName, IdentityItem item) => new()
    {
        TableName = tableName,
        Item = item.ToEmailReservation(),
        ConditionExpression = NotExists,
    };
}
