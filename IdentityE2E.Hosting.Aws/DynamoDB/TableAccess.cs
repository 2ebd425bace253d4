namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// How a service uses a table. In the cloud each operation becomes exactly the IAM actions it names; DynamoDB Local
/// ignores IAM, so a missing operation shows only once deployed. A transaction needs the operation of each of its
/// parts: TransactWriteItems a Put needs <see cref="Put"/>, a Delete <see cref="Delete"/>; TransactGetItems needs <see cref="Get"/>.
/// </summary>
[Flags]
public enum TableAccess
{
    None = 0,

    /// <summary>GetItem and BatchGetItem: items by key.</summary>
    Get = 1 << 0,

    /// <summary>Query on the table and its indexes.</summary>
    Query = 1 << 1,

    /// <summary>ConditionCheckItem: a ConditionCheck part of a transaction, which reveals as much as a read.</summary>
    ConditionCheck = 1 << 2,

    /// <summary>DescribeTable: the table's state and definition, no item (the services' readiness checks).</summary>
    Describe = 1 << 3,

    /// <summary>PutItem: writes a whole item, new or replacing.</summary>
    Put = 1 << 4,

    /// <summary>UpdateItem.</summary>
    Update = 1 << 5,

    /// <summary>DeleteItem.</summary>
    Delete = 1 << 6,

    /// <summary>Scan: reads the whole table; only for a service that asks for it.</summary>
    Scan = 1 << 7,

    /// <summary>BatchWriteItem: up to 25 puts and deletes without conditions; only for a service that asks for it.</summary>
    BatchWrite = 1 << 8,

    /// <summary>Items by key and by query, condition checks, and the table's description.</summary>
    Read = Get | Query | ConditionCheck | Describe,

    /// <summary>Puts, updates and deletes of single items, and condition checks (for transactions).</summary>
    Write = Put | Update | Delete | ConditionCheck,

    /// <summary>What a reference without an access level gets: every single-item operation, neither Scan nor BatchWrite.</summary>
    ReadWrite = Read | Write,
}

/// <summary>The operations of <see cref="TableAccess"/> as the manifest spells them.</summary>
internal static class TableAccessNames
{
    private static readonly (TableAccess Operation, string Name)[] Operations =
    [
        (TableAccess.Get, "get"),
        (TableAccess.Query, "query"),
        (TableAccess.ConditionCheck, "conditionCheck"),
        (TableAccess.Describe, "describe"),
        (TableAccess.Put, "put"),
        (TableAccess.Update, "update"),
        (TableAccess.Delete, "delete"),
        (TableAccess.Scan, "scan"),
        (TableAccess.BatchWrite, "batchWrite"),
    ];

    private static readonly TableAccess All = Operations.Aggregate(TableAccess.None, (all, operation) => all | operation.Operation);

    /// <summary>Each operation of <paramref name="access"/>, in a fixed order so the manifest does not change by itself.</summary>
    public static IEnumerable<string> Of(TableAccess access) =>
        Operations.Where(operation => access.HasFlag(operation.Operation)).Select(operation => operation.Name);

    public static bool IsValid(TableAccess access) => access != TableAccess.None && (access & ~All) == 0;
}
