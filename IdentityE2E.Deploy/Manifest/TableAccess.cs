namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// The operations a service may run on a table, as a table's <c>access</c> entry in the manifest names them
/// (docs/contracts.md). The hosting integration writes them; the publisher grants exactly their IAM actions.
/// </summary>
[Flags]
internal enum TableAccess
{
    None = 0,
    Get = 1 << 0,
    Query = 1 << 1,
    ConditionCheck = 1 << 2,
    Describe = 1 << 3,
    Put = 1 << 4,
    Update = 1 << 5,
    Delete = 1 << 6,
    Scan = 1 << 7,
    BatchWrite = 1 << 8,

    /// <summary>
    /// What a project gets that references a table without an <c>access</c> entry (a manifest written before
    /// access levels): every single-item read and write, neither Scan nor BatchWriteItem.
    /// </summary>
    ReadWrite = Get | Query | ConditionCheck | Describe | Put | Update | Delete,
}

/// <summary>The manifest's names of the operations, and the IAM actions each one needs.</summary>
internal static class TableOperations
{
    public static IReadOnlyList<(TableAccess Operation, string Name, string[] Actions)> All { get; } =
    [
        // BatchGetItem reads the same items by key as GetItem, so it exposes nothing more.
        (TableAccess.Get, "get", ["dynamodb:GetItem", "dynamodb:BatchGetItem"]),
        (TableAccess.Query, "query", ["dynamodb:Query"]),
        (TableAccess.ConditionCheck, "conditionCheck", ["dynamodb:ConditionCheckItem"]),
        (TableAccess.Describe, "describe", ["dynamodb:DescribeTable"]),
        (TableAccess.Put, "put", ["dynamodb:PutItem"]),
        (TableAccess.Update, "update", ["dynamodb:UpdateItem"]),
        (TableAccess.Delete, "delete", ["dynamodb:DeleteItem"]),
        (TableAccess.Scan, "scan", ["dynamodb:Scan"]),
        (TableAccess.BatchWrite, "batchWrite", ["dynamodb:BatchWriteItem"]),
    ];

    public static TableAccess? Parse(string name) =>
        All.FirstOrDefault(operation => operation.Name == name) is { Name: not null } found ? found.Operation : null;

    /// <summary>The IAM actions of every operation in <paramref name="access"/>, in a fixed order.</summary>
    public static IEnumerable<string> Actions(TableAccess access) =>
        All.Where(operation => access.HasFlag(operation.Operation)).SelectMany(operation => operation.Actions);

    /// <summary>The manifest's names of the operations in <paramref name="access"/>.</summary>
    public static IEnumerable<string> Names(TableAccess access) =>
        All.Where(operation => access.HasFlag(operation.Operation)).Select(operation => operation.Name);
}
