namespace IdentityE2E.Deploy.Cli;

/// <summary>The parsed command line: a command, its --options and its --flags.</summary>
internal sealed record ParsedArguments(string Command, IReadOnlyDictionary<string, string> Options, IReadOnlySet<string> Flags)
{
    public string Environment => Options.TryGetValue("environment", out var name)
        ? name
        : throw new DeployException($"'{Command}' needs --environment <name> (for example dev or prod).");

    public string? Option(string name) => Options.GetValueOrDefault(name);

    public bool Flag(string name) => Flags.Contains(name);

    /// <summary>The command's own arguments by name (<c>&lt;job&gt;</c>, <c>&lt;file&gt;</c>), in the order the grammar names them.</summary>
    public IReadOnlyDictionary<string, string> Positionals { get; init; } = new Dictionary<string, string>();

    /// <summary>Everything after <c>--</c>: handed to the job unchanged.</summary>
    public IReadOnlyList<string> PassThrough { get; init; } = [];
}

/// <summary>Parses arguments, runs the chosen command, and turns user errors into one-line messages.</summary>
internal static class CommandLine
{
    public const string Usage = """
        IdentityE2E.Deploy: aspire-manifest.json -> CloudFormation (AWS CDK) -> ECR images -> ECS Fargate

        Usage: dotnet run --project IdentityE2E.Deploy -- <command> [options]

          synth   --environment <name> [--manifest aspire-manifest.json] [--output cdk.out/<name>]
                  Write the registry and application stacks and print services, resources, parameters and cost.
          deploy  --environment <name> [--manifest aspire-manifest.json] [--tag <image tag>] [--dry-run] [--approve-broadening] [--output json]
                  Registry stack, one image per project (dotnet publish, no Docker), application stack.
                  An environment with "protectedDeploy": true refuses uncommitted changes and asks before a change
                  broadens IAM or security groups; --approve-broadening answers yes in advance (CI, after review).
          destroy --environment <name> [--manifest aspire-manifest.json] [--dry-run] [--output json]
                  Remove the application stack; tables, their key and the registry stay.
          run-task --environment <name> [--manifest aspire-manifest.json] [--dry-run] [--output json] <job> [-- <args...>]
                  Run a job (PublishAsEcsTask) of the deployed environment with <args> as its command, print its log
                  until it stops, and exit with its exit code.
          upload-import --environment <name> [--manifest aspire-manifest.json] [--dry-run] [--output json] <file>
                  Copy <file> to the environment's import bucket and print its s3:// URI for run-task ... -- import <uri>.
          plan    --environment <name> [--manifest aspire-manifest.json] [--output cdk.out/<name>] [--format markdown|text] [--out <file>] [--no-diff]
                  [--base-ref <git ref>] [--base-manifest <path>] [--base-settings <path>]
                  What a merge would change: cdk diff per stack (needs AWS credentials; --no-diff offline), the nag
                  findings and the monthly cost before (the base) and after (the working tree). CI posts it on pull requests.
          bootstrap-ci --owner <github owner> --repo <repository> [--environment staging] [--existing-provider-arn <arn>] [--allow-jobs]
                  Print the aws command that deploys deploy/github-oidc.template.yaml (GitHub OIDC provider, deploy and plan
                  roles) in the environment's region; run it once per account as an administrator (README, CI/CD).

        deploy, destroy, run-task and upload-import end with a summary of every step and its time; --output json
        prints it as one JSON document on standard output instead (the steps go to standard error), for scripts.

        Environments are files in deploy/environments (dev.json, staging.json, prod.json).
        """;

    private static readonly Dictionary<string, (string[] Options, string[] Flags, string[] Positionals, bool PassesThrough)> Grammar = new()
    {
        ["synth"] = (["environment", "manifest", "output"], [], [], false),
        ["deploy"] = (["environment", "manifest", "tag", "output"], ["dry-run", "approve-broadening"], [], false),
        ["destroy"] = (["environment", "manifest", "output"], ["dry-run"], [], false),
        ["run-task"] = (["environment", "manifest", "output"], ["dry-run"], ["job"], true),
        ["upload-import"] = (["environment", "manifest", "output"], ["dry-run"], ["file"], false),
        ["bootstrap-ci"] = (["owner", "repo", "environment", "existing-provider-arn"], ["allow-jobs"], [], false),
        ["plan"] = (["environment", "manifest", "format", "out", "output", "base-ref", "base-manifest", "base-settings"], ["no-diff"], [], false),
    };

    public static int Run(string[] args, IReadOnlyDictionary<string, Func<ParsedArguments, TextWriter, int>> commands, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }

        try
        {
            var parsed = Parse(args);
            return commands[parsed.Command](parsed, output);
        }
        catch (DeployException exception)
        {
            error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }

    public static ParsedArguments Parse(string[] args)
    {
        var command = args[0];
        if (!Grammar.TryGetValue(command, out var grammar))
        {
            throw new DeployException($"Unknown command '{command}'; use synth, deploy, destroy, run-task, upload-import, plan or bootstrap-ci (--help shows the options).");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var positionals = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string> passThrough = [];
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--" && grammar.PassesThrough)
            {
                passThrough.AddRange(args[(i + 1)..]);
                break;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var position = grammar.Positionals.FirstOrDefault(p => !positionals.ContainsKey(p))
                    ?? throw new DeployException($"Unexpected argument '{args[i]}' for '{command}'.");
                positionals[position] = args[i];
                continue;
            }

            var name = args[i][2..];
            if (grammar.Flags.Contains(name))
            {
                flags.Add(name);
            }
            else if (grammar.Options.Contains(name))
            {
                options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new DeployException($"Option --{name} of '{command}' needs a value.");
            }
            else
            {
                throw new DeployException($"Unknown option --{name} for '{command}' (it takes {string.Join(", ", grammar.Options.Select(o => $"--{o}").Concat(grammar.Flags.Select(f => $"--{f}")))}).");
            }
        }

        foreach (var missing in grammar.Positionals.Where(p => !positionals.ContainsKey(p)))
        {
            throw new DeployException($"'{command}' needs <{missing}> (--help shows the usage).");
        }

        return new ParsedArguments(command, options, flags) { Positionals = positionals, PassThrough = passThrough };
    }
}
