using System.Globalization;

namespace IdentityE2E.Migration;

internal enum SourceFormat
{
    Csv,
    JsonLines,
    DynamoDBJson,
}

/// <summary>The import's command line, checked before anything is read or written.</summary>
internal sealed record ImportOptions(
    string Path,
    SourceFormat Format,
    IReadOnlyDictionary<string, string> Map,
    string RejectsPath,
    bool DryRun,
    int Parallelism,
    double? MaxRate)
{
    public static ImportOptions Parse(ReadOnlySpan<string> args)
    {
        string? path = null;
        string? format = null;
        string? rejects = null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var dryRun = false;
        var parallelism = 4;
        double? maxRate = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--format":
                    format = Value(args, ref i, arg);
                    break;
                case "--map":
                    var pair = Value(args, ref i, arg).Split('=', 2);
                    if (pair.Length != 2 || pair[0].Length == 0 || !Fields.Known.Contains(pair[1]))
                    {
                        throw new UsageException($"--map takes column=field with field one of {string.Join(", ", Fields.Known)}.");
                    }

                    map[pair[0]] = pair[1];
                    break;
                case "--rejects":
                    rejects = Value(args, ref i, arg);
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--parallelism":
                    parallelism = Number(Value(args, ref i, arg), arg, 1, 256);
                    break;
                case "--max-rate":
                    maxRate = Number(Value(args, ref i, arg), arg, 1, 1_000_000);
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) || path is not null)
                    {
                        throw new UsageException($"unexpected argument '{arg}'.");
                    }

                    path = arg;
                    break;
            }
        }

        if (path is null)
        {
            throw new UsageException("import needs the path of the source file (or s3://bucket/key).");
        }

        // The rejects of an S3 source land in the working directory, named after the object.
        var defaultRejects = path.StartsWith("s3://", StringComparison.Ordinal) ? System.IO.Path.GetFileName(path) + ".rejects.csv" : path + ".rejects.csv";
        return new(path, ParseFormat(format, path), map, rejects ?? defaultRejects, dryRun, parallelism, maxRate);
    }

    private static SourceFormat ParseFormat(string? format, string path) => format switch
    {
        "csv" => SourceFormat.Csv,
        "jsonl" => SourceFormat.JsonLines,
        "dynamodb-json" => SourceFormat.DynamoDBJson,
        null => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => SourceFormat.Csv,
            ".jsonl" or ".ndjson" => SourceFormat.JsonLines,
            ".json" => SourceFormat.DynamoDBJson,
            _ => throw new UsageException($"cannot tell the format of '{path}' from its name; pass --format csv|jsonl|dynamodb-json."),
        },
        _ => throw new UsageException($"unknown format '{format}'; use csv, jsonl or dynamodb-json."),
    };

    private static string Value(ReadOnlySpan<string> args, ref int i, string name) =>
        ++i < args.Length ? args[i] : throw new UsageException($"{name} needs a value.");

    private static int Number(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new UsageException($"{name} must be a whole number from {min} to {max}.");
}
