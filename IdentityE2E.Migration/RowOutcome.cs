namespace IdentityE2E.Migration;

internal enum RowOutcome
{
    Written,
    Skipped,
    Rejected,
}

/// <summary>What became of one row; a rejection carries its reason for the rejects file.</summary>
internal sealed record RowResult(RowOutcome Outcome, string? Reason = null)
{
    public static readonly RowResult Written = new(RowOutcome.Written);
    public static readonly RowResult Skipped = new(RowOutcome.Skipped);

    public static RowResult Rejected(string reason) => new(RowOutcome.Rejected, reason);
}
