using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Planning;
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
            ["plan"] = Plan,
            ["bootstrap-ci"] = BootstrapCi,
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

    /// <summary>
    /// The plan is a document: it goes to standard output or --out, and the steps' progress to standard error (or to standard
    /// output with --out), so a redirect captures the Markdown alone. A failing nag gate is reported, not an error.
    /// </summary>
    public static int Plan(ParsedArguments args, TextWriter output)
    {
        var (layout, _, settings, model) = Load(args);
        var format = args.Option("format") ?? "markdown";
        if (format is not ("markdown" or "text"))
        {
            throw new DeployException($"--format {format} is unknown; use markdown or text.");
        }

        var file = args.Option("out");
        var progress = file is null ? Console.Error : output;
        var synthesized = Synthesizer.Synthesize(model, settings, args.Option("output") ?? layout.DefaultOutput(settings.Name));
        var planBase = new PlanBase(args.Option("base-ref"), args.Option("base-manifest"), args.Option("base-settings"));
        var plan = new PlanProcedure(layout, settings, model, new ProcessRunner(progress)).Run(synthesized, planBase, diff: !args.Flag("no-diff"));
        var document = format == "text" ? PlanDocument.Text(plan) : PlanDocument.Markdown(plan);
        if (file is null)
        {
            output.Write(document);
        }
        else
        {
            File.WriteAllText(file, document);
            output.WriteLine($"Wrote the plan for '{settings.Name}' to {file}");
        }

        return 0;
    }

    /// <summary>Prints, never runs: the OIDC stack is an administrator's one-time step, with their own credentials.</summary>
    public static int BootstrapCi(ParsedArguments args, TextWriter output)
    {
        var owner = args.Option("owner") ?? throw new DeployException("'bootstrap-ci' needs --owner <github owner> and --repo <repository>.");
        var repository = args.Option("repo") ?? throw new DeployException("'bootstrap-ci' needs --owner <github owner> and --repo <repository>.");
        var layout = RepositoryLayout.Find();
        var settings = EnvironmentSettingsReader.Load(layout.EnvironmentsDirectory, args.Option("environment") ?? "staging");
        var command = CiBootstrap.Command(owner, repository, settings.Region, args.Option("existing-provider-arn"), args.Flag("allow-jobs"));
        output.WriteLine($"# Once per AWS account, as an administrator, from the repository root ({settings.Region}, the region of '{settings.Name}'):");
        output.WriteLine(command.Display);
        output.WriteLine($"# Then set the repository variables AWS_ROLE_ARN and AWS_PLAN_ROLE_ARN to the stack's outputs DeployRoleArn and PlanRoleArn:");
        output.WriteLine($"aws cloudformation describe-stacks --stack-name {CiBootstrap.StackName} --region {settings.Region} --query \"Stacks[0].Outputs\" --output table");
        return 0;
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
