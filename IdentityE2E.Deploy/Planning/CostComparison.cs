using IdentityE2E.Deploy.Cost;

namespace IdentityE2E.Deploy.Planning;

/// <summary>One cost line before and after a change; null where the line does not exist on that side.</summary>
internal sealed record CostLine(string Name, decimal? Before, decimal After)
{
    public decimal Delta => After - (Before ?? 0m);
}

/// <summary>
/// The monthly estimate of the base (before) next to the working tree's (after), line by line in the after's order, then the
/// lines only the base had (after $0). <see cref="Before"/> is null without a base; <see cref="BaseProblem"/> says why.
/// </summary>
internal sealed record CostComparison(IReadOnlyList<CostLine> Lines, decimal? TotalBefore, decimal TotalAfter, string? BaseProblem = null)
{
    public decimal? TotalDelta => TotalBefore is { } before ? TotalAfter - before : null;

    public static CostComparison Of(CostEstimate? before, CostEstimate after, string? baseProblem = null)
    {
        var beforeLines = Sum(before?.Items ?? []);
        var afterLines = Sum(after.Items);
        List<CostLine> lines =
        [
            .. afterLines.Select(line => new CostLine(line.Key, before is null ? null : beforeLines.GetValueOrDefault(line.Key), line.Value)),
            .. beforeLines.Where(line => !afterLines.ContainsKey(line.Key)).Select(line => new CostLine(line.Key, line.Value, 0m)),
        ];
        return new CostComparison(lines, before?.Total, after.Total, baseProblem);
    }

    /// <summary>By name, in first-seen order; two items of one name (never today) would be one line.</summary>
    private static Dictionary<string, decimal> Sum(IEnumerable<CostItem> items)
    {
        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            sums[item.Name] = sums.GetValueOrDefault(item.Name) + item.Monthly;
        }

        return sums;
    }
}
