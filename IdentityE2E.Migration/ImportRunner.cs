using System.Collections.Concurrent;
using System.Threading.Channels;
using Amazon.DynamoDBv2;
using Amazon.S3;
using IdentityE2E.Migration.Sources;

namespace IdentityE2E.Migration;

/// <summary>The outcome of an import: counts per outcome, the time reading and writing took (verification apart) and, for a real run, the verification.</summary>
internal sealed record ImportReport(long Read, long Written, long Skipped, long Rejected, TimeSpan Elapsed, VerificationReport? Verification);

/// <summary>
/// Reads the source in order (validation and duplicate checks need that order), hands accepted rows to
/// parallel writers, and ends with a summary and a verification of what the table now holds.
/// A stopped run is resumed by running it again: ids derive from the source, every write is conditional,
/// so rows already in the table are found and skipped (no checkpoint file to lose or to trust), and the
/// transactions are atomic, so a row cut off mid-write is either wholly there or wholly absent.
/// </summary>
internal sealed class ImportRunner(
    IAmazonDynamoDB dynamoDB, string tableName, ImportOptions options, TextWriter output, Action<long>? rowsDone = null, Func<IAmazonS3>? createS3 = null)
{
    public async Task<ImportReport> RunAsync(CancellationToken cancellationToken)
    {
        var (path, temporary) = await SourceFile.LocalAsync(options.Path, createS3 ?? (() => new AmazonS3Client()), cancellationToken);
        try
        {
            return await RunAsync(path, cancellationToken);
        }
        finally
        {
            if (temporary)
            {
                File.Delete(path);
            }
        }
    }

    private async Task<ImportReport> RunAsync(string path, CancellationToken cancellationToken)
    {
        await using var source = File.OpenRead(path);
        await using var rejects = new RejectsFile(options.RejectsPath);
        var length = Math.Max(source.Length, 1);
        var progress = new ImportProgress(output, () => (double)source.Position / length, rowsDone);
        IRowWriter writer = options.DryRun ? new DryRunWriter(dynamoDB, tableName) : new TableWriter(dynamoDB, tableName);
        var pacer = new RatePacer(options.MaxRate);
        var accepted = new ConcurrentBag<ImportRow>();
        var rows = Channel.CreateBounded<ImportRow>(options.Parallelism * 4);

        var writers = Enumerable.Range(0, options.Parallelism).Select(_ => Task.Run(async () =>
        {
            await foreach (var row in rows.Reader.ReadAllAsync(cancellationToken))
            {
                await pacer.WaitTurnAsync(cancellationToken);
                var result = await writer.WriteAsync(row, cancellationToken);
                if (result.Outcome == RowOutcome.Rejected)
                {
                    await rejects.AddAsync(row.Row, row.SourceKey, result.Reason!, cancellationToken);
                }
                else
                {
                    accepted.Add(row);
                }

                progress.Count(result.Outcome);
            }
        }, cancellationToken)).ToList();

        try
        {
            await ReadAsync(source, rows.Writer, rejects, progress, cancellationToken);
        }
        finally
        {
            rows.Writer.TryComplete();
            await Task.WhenAll(writers);
        }

        var elapsed = progress.Elapsed;
        output.WriteLine(progress.Line());
        output.WriteLine($"{(options.DryRun ? "dry run, nothing written" : "import done")} in {progress.Elapsed.TotalSeconds:F1} s: " +
            $"read {progress.Read}, {(options.DryRun ? "would write" : "written")} {progress.Written}, skipped {progress.Skipped}, rejected {progress.Rejected}" +
            (progress.Rejected > 0 ? $" (see {options.RejectsPath})" : ""));

        VerificationReport? verification = null;
        if (options.DryRun)
        {
            output.WriteLine("verification: not run (dry run)");
        }
        else
        {
            verification = await VerificationReport.CreateAsync(dynamoDB, tableName, [.. accepted], cancellationToken);
            verification.WriteTo(output);
        }

        return new(progress.Read, progress.Written, progress.Skipped, progress.Rejected, elapsed, verification);
    }

    private async Task ReadAsync(
        Stream source, ChannelWriter<ImportRow> rows, RejectsFile rejects, ImportProgress progress, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var firstRowOfEmail = new Dictionary<string, long>(StringComparer.Ordinal);
        var firstRowOfKey = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await foreach (var record in SourceReaders.For(options.Format).ReadAsync(source, cancellationToken))
            {
                progress.CountRead();
                var row = ImportRow.Create(record, options.Map, now, out var reason);
                if (row is not null && firstRowOfEmail.TryGetValue(row.Item.EmailKey, out var sameEmail))
                {
                    reason = $"duplicate email in the source, first seen in row {sameEmail}";
                }
                else if (row is not null && firstRowOfKey.TryGetValue(row.SourceKey, out var sameKey))
                {
                    reason = $"duplicate source key, first seen in row {sameKey}";
                }
                else if (row is not null)
                {
                    firstRowOfKey[row.SourceKey] = row.Row;
                    firstRowOfEmail[row.Item.EmailKey] = row.Row;
                    await rows.WriteAsync(row, cancellationToken);
                    continue;
                }

                await rejects.AddAsync(record.Row, row?.SourceKey ?? "", reason, cancellationToken);
                progress.Count(RowOutcome.Rejected);
            }
        }
        catch (InvalidDataException exception)
        {
            throw new IOException($"cannot read '{options.Path}': {exception.Message}", exception);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new IOException($"cannot read '{options.Path}' as DynamoDB JSON: {exception.Message}", exception);
        }
    }
}
