using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace IdentityE2E.AppHost.Dashboard;

/// <summary>The dashboard's commands that work with the system's data through the migration tool (run mode only).</summary>
internal static class DashboardCommands
{
    public const string SeedIdentities = "seed-identities";
    public const string ImportSampleFile = "import-sample-file";
    public const string CountArgument = "count";
    private const int MaxSeedCount = 10_000;

    /// <summary>"Seed sample identities": imports <c>count</c> made-up people (default <c>Seed:Count</c>, else 25).</summary>
    public static IResourceBuilder<DynamoDBTableResource> WithSeedIdentitiesCommand(
        this IResourceBuilder<DynamoDBTableResource> table, MigrationImports imports)
    {
        var builder = table.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return table;
        }

        var defaultCount = builder.Configuration.GetValue("Seed:Count", 25);
        return table.WithCommand(SeedIdentities, "Seed sample identities", context =>
        {
            var count = context.Arguments?.TryGetByName(CountArgument, out var input) == true
                && int.TryParse(input?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? asked : defaultCount;
            return count is < 1 or > MaxSeedCount
                ? Task.FromResult(CommandResults.Failure($"Seed between 1 and {MaxSeedCount} identities."))
                : imports.ImportAsync(SampleIdentities.Write(count), $"{count} sample identities", context);
        }, new CommandOptions
        {
            Description = "Creates made-up identities through the migration tool, with the API's rules.",
            IconName = "PeopleAdd",
            IconVariant = IconVariant.Regular,
            Arguments =
            [
                new InteractionInput
                {
                    Name = CountArgument,
                    Label = "How many",
                    InputType = InputType.Number,
                    Required = true,
                    Value = defaultCount.ToString(CultureInfo.InvariantCulture),
                },
            ],
            UpdateState = state => state.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }

    /// <summary>"Import sample file": runs the migration tool's <c>import</c> on the checked-in <paramref name="sampleFile"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithImportSampleFileCommand(
        this IResourceBuilder<ProjectResource> migration, MigrationImports imports, string sampleFile)
    {
        if (!migration.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return migration;
        }

        var path = Path.GetFullPath(sampleFile, migration.ApplicationBuilder.AppHostDirectory);
        return migration.WithCommand(ImportSampleFile, "Import sample file", context => imports.ImportAsync(path, Path.GetFileName(path), context),
            new CommandOptions
            {
                Description = $"Imports {Path.GetFileName(path)} (people already imported are skipped).",
                IconName = "ArrowImport",
                IconVariant = IconVariant.Regular,
            });
    }
}
