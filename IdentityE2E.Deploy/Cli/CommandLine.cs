namespace IdentityE2E.Deploy.Cli;

/// <summary>The parsed command line: a command, its --options and its --flags.</summary>
internal sealed record ParsedArguments(string Command, IReadOnlyDictionary<string, string> Options, IReadOnlySet<string> Flags)
{
    public string Environment => Options.TryGetValue("environment", out var name)
        ? name
        : throw new DeployException($"'{Command}' needs --environment <name> (for example dev or prod).");

    public string? Option(string name) => Options.GetValueOrDefault(name);

    public bool Flag(string name) => Flags.Contains(name);
}

/// <summary>Parses arguments, runs the chosen command, and turns user errors into one-line messages.</summary>
internal static class CommandLine
{
    public const string Usage = """
        IdentityE2E.Deploy: aspire-manifest.json -> CloudFormation (AWS CDK) -> ECR images -> ECS Fargate

        Usage: dotnet run --project IdentityE2E.Deploy -- <command> [options]

          synth   --environment <name> [--manifest aspire-manifest.json] [--output cdk.out/<name>]
                  Write the registry and application stacks and print services, resources, parameters and cost.
          deploy  --environment <name> [--manifest aspire-manifest.json] [--tag <image tag>] [--dry-run] [--approve-broadening]
                  Registry stack, one image per project (dotnet publish, no Docker), application stack.
                  An environment with "protectedDeploy": true refuses uncommitted changes and asks before a change
                  broadens IAM or security groups; --approve-broadening answers yes in advance (CI, after review).
          destroy --environment <name> [--manifest aspire-manifest.json] [--dry-run]
                  Remove the application stack; tables, their key and the registry stay.

        Environments are files in deploy/environments (dev.json, prod.json).
        """;

    private static readonly Dictionary<string, (string[] Options, string[] Flags)> Grammar = new()
    {
        ["synth"] = (["environment", "manifest", "output"], []),
        ["deploy"] = (["environment", "manifest", "tag"], ["dry-run", "approve-broadening"]),
        ["destroy"] = (["environment", "manifest"], ["dry-run"]),
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
            throw new DeployException($"Unknown command '{command}'; use synth, deploy or destroy (--help shows the options).");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : throw new DeployException($"Unexpected argument '{args[i]}' for '{command}'.");
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

        return new ParsedArguments(command, options, flags);
    }
}
