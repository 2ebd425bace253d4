using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;

namespace IdentityE2E.Deploy.Planning;

/// <summary>
/// Where the "before" of a plan comes from: a git revision (its aspire-manifest.json and deploy/environments/&lt;env&gt;.json),
/// files, or both (a file wins over the revision's). Nothing: no "before".
/// </summary>
internal sealed record PlanBase(string? Revision, string? ManifestPath, string? SettingsPath)
{
    public bool IsEmpty => Revision is null && ManifestPath is null && SettingsPath is null;

    public string Description => Revision is { } revision ? $"`{revision}`" : IsEmpty ? "nothing (no base given)" : "the given base files";
}

/// <summary>
/// The steps of a plan over an environment already synthesized from the working tree: the nag gate, a <c>cdk diff</c> per stack
/// (unless offline: the diff reads the deployed stacks and needs AWS credentials) and the cost of the base. Every external
/// command goes through the runner.
/// </summary>
internal sealed class PlanProcedure(RepositoryLayout layout, EnvironmentSettings settings, CloudModel model, ICommandRunner runner)
{
    public const string OfflineNote = "Not run (--no-diff): the diff compares with the deployed stacks and needs AWS credentials (the plan role). It would run:";

    private readonly Toolchain tools = new(layout, settings);

    public Plan Run(SynthesisResult synthesized, PlanBase @base, bool diff)
    {
        var (nagExit, nagOutput) = runner.Report("Run the nag gate (cdk-nag AwsSolutions) over the templates", tools.NagCheck(synthesized.TemplatePaths), "nag-check: passed");
        var diffs = synthesized.TemplatePaths.Select(template => Diff(synthesized.OutputDirectory, StackOf(template), diff)).ToList();
        var (before, problem) = Before(@base);
        return new Plan(settings.Name, settings.Region, @base.Description, CostComparison.Of(before, CostEstimate.For(model, settings), problem), NagReport.Parse(nagExit, nagOutput), diffs);
    }

    private StackDiff Diff(string assembly, string stack, bool run)
    {
        var command = tools.Diff(assembly, stack);
        if (!run)
        {
            return new StackDiff(stack, command.Display, null, OfflineNote);
        }

        var (exitCode, output) = runner.Report($"Compare {stack} with the deployed stack (cdk diff)", command, string.Empty);
        return exitCode == 0
            ? new StackDiff(stack, command.Display, output)
            : new StackDiff(stack, command.Display, output, $"cdk diff failed (exit code {exitCode}); the diff needs AWS credentials that may assume the CDK lookup role. Its output:");
    }

    /// <summary>The base's estimate, or why there is none; a base that cannot be read is reported, never fatal.</summary>
    private (CostEstimate? Before, string? Problem) Before(PlanBase @base)
    {
        if (@base.IsEmpty)
        {
            return (null, "no base given (--base-ref, or --base-manifest and --base-settings), so there is nothing to compare with.");
        }

        try
        {
            var manifest = Read(@base.ManifestPath, @base.Revision, "aspire-manifest.json");
            var settingsPath = $"deploy/environments/{settings.Name}.json";
            var json = Read(@base.SettingsPath, @base.Revision, settingsPath);
            if (manifest is null || json is null)
            {
                return (null, $"the base has no {(manifest is null ? "aspire-manifest.json" : settingsPath)}: the environment is new, so everything is added.");
            }

            var baseSettings = EnvironmentSettingsReader.Parse(json, settings.Name, @base.SettingsPath ?? $"{@base.Revision}:{settingsPath}");
            var baseModel = PlaceholderResolver.Resolve(ManifestReader.Read(manifest, @base.ManifestPath ?? $"{@base.Revision}:aspire-manifest.json"));
            return (CostEstimate.For(baseModel, baseSettings), null);
        }
        catch (DeployException exception)
        {
            return (null, $"the base cannot be read ({exception.Message})");
        }
    }

    /// <summary>A file of the base: from the path when given, else as the revision holds it (null when it does not).</summary>
    private string? Read(string? path, string? revision, string repositoryPath)
    {
        if (path is not null)
        {
            return File.Exists(path) ? File.ReadAllText(path) : throw new DeployException($"{path} does not exist");
        }

        if (revision is null)
        {
            throw new DeployException($"no base for {repositoryPath}: give --base-ref or its file");
        }

        var (exitCode, output) = runner.Report($"Read {repositoryPath} as {revision} holds it", tools.GitShow(revision, repositoryPath), "{}");
        return exitCode == 0 ? output
            : output.Contains("does not exist in", StringComparison.Ordinal) || output.Contains("exists on disk, but not in", StringComparison.Ordinal) ? null
            : throw new DeployException($"git show {revision}:{repositoryPath} failed: {output.Trim().Split('\n')[0]}");
    }

    private static string StackOf(string template) => Path.GetFileName(template).Replace(".template.json", string.Empty, StringComparison.Ordinal);
}
