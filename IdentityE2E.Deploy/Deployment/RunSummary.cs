using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>The closing summary of a deploy, destroy or job run: every step with its time, as text or as JSON for scripts.</summary>
internal static class RunSummary
{
    /// <summary>"0.4 s", "42 s", "3 min 05 s".</summary>
    public static string Duration(TimeSpan elapsed) => elapsed switch
    {
        { TotalSeconds: < 10 } => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s"),
    };

    public static void WriteText(TextWriter output, string what, IReadOnlyList<StepRecord> steps, string? error)
    {
        var total = steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Duration);
        output.WriteLine();
        output.WriteLine(steps.All(step => step.Outcome == StepOutcome.Planned)
            ? $"Summary: {what}, {steps.Count} steps planned, none run"
            : error is null
                ? $"Summary: {what} done, {steps.Count} steps in {Duration(total)}"
                : $"Summary: {what} failed at step {steps.LastOrDefault(step => step.Outcome == StepOutcome.Failed)?.Number.ToString(CultureInfo.InvariantCulture) ?? "-"} after {Duration(total)}");
        foreach (var step in steps.Where(step => step.Outcome != StepOutcome.Planned))
        {
            var mark = step.Outcome == StepOutcome.Failed ? "FAILED" : Duration(step.Duration);
            output.WriteLine($"  [{step.Number,2}] {mark,12}  {step.Title}");
        }
    }

    public static string Json(string command, string environment, bool dryRun, IReadOnlyList<StepRecord> steps, int? exitCode, string? error) =>
        new JsonObject
        {
            ["command"] = command,
            ["environment"] = environment,
            ["dryRun"] = dryRun,
            ["succeeded"] = error is null && exitCode is null or 0,
            ["exitCode"] = exitCode ?? (error is null ? 0 : 1),
            ["error"] = error,
            ["durationSeconds"] = Math.Round(steps.Sum(step => step.Duration.TotalSeconds), 1),
            ["steps"] = new JsonArray([.. steps.Select(step => new JsonObject
            {
                ["number"] = step.Number,
                ["title"] = step.Title,
                ["command"] = step.Command,
                ["seconds"] = Math.Round(step.Duration.TotalSeconds, 1),
                ["outcome"] = step.Outcome.ToString().ToLowerInvariant(),
            })]),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
