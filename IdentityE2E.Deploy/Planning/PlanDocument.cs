using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace IdentityE2E.Deploy.Planning;

/// <summary>What a merge would do to an environment: its stacks' diffs, the nag gate's verdict and the monthly cost before and after.</summary>
internal sealed record Plan(string Environment, string Region, string BaseDescription, CostComparison Cost, NagReport Nag, IReadOnlyList<StackDiff> Diffs);

/// <summary>
/// The plan as one document: Markdown for the pull request comment (found again by <see cref="Marker"/>, so CI updates one
/// comment in place) or plain text for a terminal.
/// </summary>
internal static class PlanDocument
{
    /// <summary>The hidden line the plan workflow looks for in a pull request's comments.</summary>
    public const string Marker = "<!-- identitye2e-plan -->";

    public static string Markdown(Plan plan)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line(Marker);
        Line($"## Plan for `{plan.Environment}` ({plan.Region})");
        Line();
        Line($"What a merge changes, compared with {plan.BaseDescription}. Written by `IdentityE2E.Deploy -- plan`.");
        Line();

        Line("### Monthly cost");
        Line();
        if (plan.Cost.BaseProblem is { } problem)
        {
            Line($"> Before: {problem}");
            Line();
        }

        Line("| Cost line | Before | After | Change |");
        Line("| --- | ---: | ---: | ---: |");
        foreach (var line in plan.Cost.Lines)
        {
            Line($"| {Cell(line.Name)} | {Money(line.Before)} | {Money(line.After)} | {(plan.Cost.TotalBefore is null ? "n/a" : Delta(line.Delta))} |");
        }

        Line($"| **Total** | **{Money(plan.Cost.TotalBefore)}** | **{Money(plan.Cost.TotalAfter)}** | **{(plan.Cost.TotalDelta is { } total ? Delta(total) + Percent(total, plan.Cost.TotalBefore!.Value) : "n/a")}** |");
        Line();
        Line("List prices of us-east-1 at the environment's settings and light traffic; `synth` prints the assumptions.");
        Line();

        Line("### Nag findings (cdk-nag AwsSolutions)");
        Line();
        var errors = plan.Nag.Errors.ToList();
        Line(plan.Nag.Passed
            ? Invariant($"**Passed**: no error; {plan.Nag.Acknowledged.Count()} acknowledged findings, each with its reason in the template.")
            : Invariant($"**Failed**: {errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}. The deploy's gate stops on them: fix the resource or acknowledge the rule with a reason (`Nag.Acknowledge`)."));
        var listed = errors.Concat(plan.Nag.Warnings).Concat(plan.Nag.Unused).ToList();
        if (listed.Count > 0)
        {
            Line();
            Line("| Level | Rule | Template | Resource | Finding |");
            Line("| --- | --- | --- | --- | --- |");
            foreach (var finding in listed)
            {
                Line($"| {finding.Kind} | {Cell(finding.Rule)} | {Cell(finding.Template)} | {Cell(finding.Resource)} | {Cell(finding.Text)} |");
            }
        }

        Line();
        Line("### Changes per stack (cdk diff)");
        Line();
        foreach (var diff in plan.Diffs)
        {
            Line($"#### {diff.Stack}");
            Line();
            Line(Summary(diff));
            Line();
            if (diff.Body is { } output)
            {
                Line("<details><summary>cdk diff</summary>");
                Line();
                Line("```diff");
                Line(output.Replace("```", "'''", StringComparison.Ordinal).TrimEnd());
                Line("```");
                Line();
                Line("</details>");
            }
            else
            {
                Line($"`{diff.Command}`");
            }

            Line();
        }

        return text.ToString();
    }

    public static string Text(Plan plan)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"Plan for '{plan.Environment}' ({plan.Region}), compared with {plan.BaseDescription}");
        Line();
        Line("Monthly cost");
        if (plan.Cost.BaseProblem is { } problem)
        {
            Line($"  before: {problem}");
        }

        Line(Invariant($"  {"Cost line",-32} {"Before",10} {"After",10} {"Change",10}"));
        foreach (var line in plan.Cost.Lines)
        {
            Line(Invariant($"  {line.Name,-32} {Money(line.Before),10} {Money(line.After),10} {(plan.Cost.TotalBefore is null ? "n/a" : Delta(line.Delta)),10}"));
        }

        Line(Invariant($"  {"Total",-32} {Money(plan.Cost.TotalBefore),10} {Money(plan.Cost.TotalAfter),10} {(plan.Cost.TotalDelta is { } total ? Delta(total) : "n/a"),10}"));
        Line();
        Line(plan.Nag.Passed ? "Nag findings: passed (no error)" : "Nag findings: FAILED");
        foreach (var finding in plan.Nag.Errors.Concat(plan.Nag.Warnings).Concat(plan.Nag.Unused))
        {
            Line($"  {finding.Kind} {finding.Rule} {finding.Template} {finding.Resource}: {finding.Text}");
        }

        Line();
        Line("Changes per stack (cdk diff)");
        foreach (var diff in plan.Diffs)
        {
            Line($"  {diff.Stack}: {Summary(diff).Replace("`", string.Empty, StringComparison.Ordinal)}");
            if (diff.Output is null)
            {
                Line($"    $ {diff.Command}");
            }
        }

        return text.ToString();
    }

    private static string Summary(StackDiff diff)
    {
        if (diff.Output is null)
        {
            return diff.Problem ?? "not run";
        }

        if (diff.Problem is { } problem)
        {
            return problem;
        }

        if (diff.HasNoDifferences)
        {
            return "No differences.";
        }

        var summary = Invariant($"{diff.Added} to add, {diff.Changed} to change ({diff.Replaced} replaced), {diff.Removed} to remove.");
        return diff.ChangesSecurity ? summary + " **Changes IAM or security groups**: read them below." : summary;
    }

    private static string Money(decimal? value) => value is { } amount ? amount.ToString("$#,##0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Delta(decimal value) => value switch
    {
        > 0 => "+" + value.ToString("$#,##0.00", CultureInfo.InvariantCulture),
        < 0 => "-" + (-value).ToString("$#,##0.00", CultureInfo.InvariantCulture),
        _ => "$0.00",
    };

    private static string Percent(decimal delta, decimal before) =>
        before == 0 ? string.Empty : Invariant($" ({(delta >= 0 ? "+" : string.Empty)}{delta / before * 100:0.#} %)");

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
