namespace IdentityE2E.Migration;

/// <summary>Parses the command line and runs one command; every failure becomes one line on stderr and a non-zero exit.</summary>
internal static class MigrationCommand
{
    public const int Succeeded = 0;
    public const int VerificationFailed = 1;
    public const int Fatal = 2;
    public const int Cancelled = 130;

    private const string Usage =
        "usage: import <path> [--format csv|jsonl|dynamodb-json] [--map column=field ...] [--rejects <file>] [--dry-run] [--parallelism N] [--max-rate rows/s] | export <path>";

    public static async Task<int> RunAsync(string[] args, MigrationContext context, CancellationToken cancellationToken)
    {
        try
        {
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
}

/// <summary>A command line or setting the tool cannot run with; its message is the whole error line.</summary>
internal sealed class UsageException(string message) : Exception(message);
