using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>Parses the command line and runs one command; every failure becomes one line on stderr and a non-zero exit.</summary>
internal static class MigrationCommand
{
    public const int Succeeded = 0;
    public const int VerificationFailed = 1;
    public const int Fatal = 2;
    public const int Cancelled = 130;

    private const string Usage =
        "usage: import <path|s3://bucket/key> [--format csv|jsonl|dynamodb-json] [--map column=field ...] [--rejects <file>] [--dry-run] [--parallelism N] [--max-rate rows/s] | export <path> | copy --from <endpoint-url>/<table> --to <table> [--parallelism N] [--max-rate items/s] | benchmark [--rows N] [--parallelism N] [--create-table]";

    public static async Task<int> RunAsync(string[] args, MigrationContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (args is ["copy", ..])
            {
                return await CopyAsync(args, context, cancellationToken);
            }

            if (args is ["benchmark", ..])
            {
                var rows = Option(args, "--rows", 10_000);
                var parallelism = Option(args, "--parallelism", 8);
                var createTable = args.Contains("--create-table");
                if (!createTable && string.IsNullOrWhiteSpace(context.TableName))
                {
                    throw new UsageException("Configuration key 'AWS__Resources__identities__TableName' is required (or pass --create-table).");
                }

                using var benchmarkClient = context.CreateClient();
                var table = createTable ? await BenchmarkTable.CreateAsync(benchmarkClient, cancellationToken) : context.TableName;
                return await new BenchmarkRunner(benchmarkClient, table, rows, parallelism, context.Output).RunAsync(cancellationToken)
                    ? Succeeded : VerificationFailed;
            }

            if (args is not ["import", ..] and not ["export", _])
            {
                throw new UsageException(Usage);
            }

            if (string.IsNullOrWhiteSpace(context.TableName))
            {
                throw new UsageException("Configuration key 'AWS__Resources__identities__TableName' is required.");
            }

            if (args is ["export", var exportPath])
            {
                using var exportClient = context.CreateClient();
                await new ExportRunner(exportClient, context.TableName, exportPath, context.Output).RunAsync(cancellationToken);
                return Succeeded;
            }

            var options = ImportOptions.Parse(args.AsSpan(1));
            using var client = context.CreateClient();
            var runner = new ImportRunner(client, context.TableName, options, context.Output, context.RowsDone);
            var report = await runner.RunAsync(cancellationToken);
            return report.Verification is { Matches: false } ? VerificationFailed : Succeeded;
        }
        catch (UsageException exception)
        {
            await context.Error.WriteLineAsync($"error: {exception.Message}");
            return Fatal;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("error: cancelled; re-run the same command to continue, imported rows are skipped.");
            return Cancelled;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
        {
            // A tool's failure is one readable line, not a stack trace; the type names the layer that failed.
            await context.Error.WriteLineAsync($"error: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
            return Fatal;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at < 0 ? fallback
            : at + 1 < args.Length && int.TryParse(args[at + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new UsageException($"{name} needs a positive whole number.");
    }

    private static async Task<int> CopyAsync(string[] args, MigrationContext context, CancellationToken cancellationToken)
    {
        string? from = null, to = null;
        var parallelism = 4;
        double? maxRate = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new UsageException($"{args[i]} needs a value.");
            switch (args[i++])
            {
                case "--from": from = value; break;
                case "--to": to = value; break;
                case "--parallelism":
                    parallelism = int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
                        ? n : throw new UsageException("--parallelism must be a whole number from 1 to 64.");
                    break;
                case "--max-rate":
                    maxRate = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate is >= 1 and <= 1_000_000
                        ? rate : throw new UsageException("--max-rate must be a number of items per second from 1 to 1000000.");
                    break;
                default: throw new UsageException(Usage);
            }
        }

        var slash = from?.LastIndexOf('/') ?? -1;
        if (from is null || to is null || slash <= 0 || slash == from.Length - 1 || !Uri.TryCreate(from[..slash], UriKind.Absolute, out _))
        {
            throw new UsageException("copy needs --from <endpoint-url>/<table> and --to <table>.");
        }

        using var source = context.ClientFor(from[..slash]);
        using var target = context.CreateClient();
        var report = await new CopyRunner(source, from[(slash + 1)..], target, to, parallelism, maxRate, context.Output).RunAsync(cancellationToken);
        return report.Matches ? Succeeded : VerificationFailed;
    }
}

/// <summary>A command line or setting the tool cannot run with; its message is the whole error line.</summary>
internal sealed class UsageException(string message) : Exception(message);
