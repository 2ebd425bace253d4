using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;

namespace IdentityE2E.Deploy.Cli;

/// <summary>
/// The commands. Each reads and validates settings and manifest first, so any error surfaces
/// before a template is written or a command runs.
/// </summary>
internal static class Commands
{
    public static IReadOnlyDictionary<string, Func<ParsedArguments, TextWriter, int>> All { get; } =
        new Dictionary<string, Func<ParsedArguments, TextWriter, int>>
        {
            ["synth"] = Synth,
            ["deploy"] = Deploy,
            ["destroy"] = Destroy,
            ["run-task"] = RunTask,
            ["upload-import"] = UploadImport,
        };

    public static int Synth(ParsedArguments args, TextWriter output)
    {
        var (layout, _, settings, model) = Load(args);
        var result = Synthesizer.Synthesize(model, settings, args.Option("output") ?? layout.DefaultOutput(settings.Name));
        SynthesisSummary.Write(output, result, model, settings, CostEstimate.For(model, settings));
        return 0;
    }

    public static int Deploy(ParsedArguments args, TextWriter output)
    {
        var (layout, manifest, settings, model) = Load(args);
        return Run(args, output, $"deploying '{settings.Name}'", (runner, text) =>
        {
            new DeployProcedure(layout, manifest, settings, model, runner, text).Deploy(args.Option("tag"), args.Flag("approve-broadening"));
            return 0;
        });
    }

    public static int Destroy(ParsedArguments args, TextWriter output)
    {
        var (layout, manifest, settings, model) = Load(args);
        return Run(args, output, $"destroying '{settings.Name}'", (runner, text) =>
        {
            new DeployProcedure(layout, manifest, settings, model, runner, text).Destroy();
            return 0;
        });
    }

    /// <summary>The job's own exit code becomes the command's, so a script can tell a failed import from a good one.</summary>
    public static int RunTask(ParsedArguments args, TextWriter output)
    {
        var (layout, _, settings, model) = Load(args);
        var job = args.Positionals["job"];
        JobProcedure.RequireJob(model, job);
        return Run(args, output, $"running the job '{job}' in '{settings.Name}'", (runner, text) =>
            new JobProcedure(layout, settings, model, runner, text, TimeProvider.System).RunTask(job, args.PassThrough));
    }

    public static int UploadImport(ParsedArguments args, TextWriter output)
    {
        var (layout, _, settings, model) = Load(args);
        var file = args.Positionals["file"];
        return Run(args, output, $"uploading '{Path.GetFileName(file)}' to the import bucket of '{settings.Name}'", (runner, text) =>
        {
            _ = new JobProcedure(layout, settings, model, runner, text, TimeProvider.System).UploadImport(file);
            return 0;
        });
    }

    private static (RepositoryLayout Layout, string Manifest, EnvironmentSettings Settings, CloudModel Model) Load(ParsedArguments args)
    {
        var layout = RepositoryLayout.Find();
        var settings = EnvironmentSettingsReader.Load(layout.EnvironmentsDirectory, args.Environment);
        var manifest = args.Option("manifest") ?? layout.Manifest;
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(manifest));
        return (layout, manifest, settings, model);
    }

    /// <summary>
    /// Runs a procedure with the runner its mode needs and closes with a summary of every step and its time. With
    /// <c>--output json</c> the step-by-step text goes to standard error and standard output holds one JSON document
    /// (steps, times, outcome, exit code), also when a step fails.
    /// </summary>
    private static int Run(ParsedArguments args, TextWriter output, string what, Func<ICommandRunner, TextWriter, int> procedure)
    {
        var json = args.Option("output") switch
        {
            null or "text" => false,
            "json" => true,
            var other => throw new DeployException($"--output takes text or json, not '{other}'."),
        };
        var text = json ? Console.Error : output;
        var dryRun = args.Flag("dry-run");
        ICommandRunner runner = dryRun ? new DryRunRunner(text) : new ProcessRunner(text, Progress.ForConsole());
        text.WriteLine(dryRun ? $"Plan for {what} (dry run: every step and command is printed, none runs)" : $"Started {what}");
        try
        {
            var exitCode = procedure(runner, text);
            RunSummary.WriteText(text, what, runner.Steps, error: null);
            if (json)
            {
                output.WriteLine(RunSummary.Json(args.Command, args.Environment, dryRun, runner.Steps, exitCode, error: null));
            }

            return exitCode;
        }
        catch (DeployException exception) when (json)
        {
            RunSummary.WriteText(text, what, runner.Steps, exception.Message);
            output.WriteLine(RunSummary.Json(args.Command, args.Environment, dryRun, runner.Steps, exitCode: null, exception.Message));
            throw;
        }
        catch (DeployException exception)
        {
            RunSummary.WriteText(text, what, runner.Steps, exception.Message);
            throw;
        }
    }
}
