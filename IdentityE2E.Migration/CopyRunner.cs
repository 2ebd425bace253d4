using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Migration;

/// <summary>
/// Copies every item of one table into another as it is, for tables without domain rules: parallel
/// scan segments, batched unconditional puts, at most <c>maxRate</c> items a second when given. Putting the same
/// item twice changes nothing, so a stopped copy resumes by running it again. Ends with a count and checksum of
/// both tables.
/// </summary>
internal sealed class CopyRunner(IAmazonDynamoDB from, string fromTable, IAmazonDynamoDB to, string toTable, int segments, double? maxRate, TextWriter output)
{
    private const int BatchSize = 25;
    private readonly RatePacer _pacer = new(maxRate);
    private long _copied;

    public async Task<VerificationReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        // DynamoDB refreshes ItemCount about every six hours, so time left is an estimate; DynamoDB Local's is exact.
        var expected = (await from.DescribeTableAsync(fromTable, cancellationToken)).Table.ItemCount ?? 0;
        using var progress = new Timer(_ => output.WriteLine(ProgressLine(Interlocked.Read(ref _copied), expected, DateTime.UtcNow - started)),
            null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await Task.WhenAll(Enumerable.Range(0, segments).Select(segment => CopySegmentAsync(segment, cancellationToken)));
        output.WriteLine($"copy done in {(DateTime.UtcNow - started).TotalSeconds:F1} s: {_copied} items from {fromTable} to {toTable}");

        var source = await ReadAllAsync(from, fromTable, cancellationToken);
        var target = await ReadAllAsync(to, toTable, cancellationToken);
        var report = new VerificationReport(source.Count, VerificationReport.Checksum(source), target.Count, VerificationReport.Checksum(target), source.Count);
        report.WriteTo(output);
        return report;
    }

    private async Task CopySegmentAsync(int segment, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Backoff.RetryAsync(() => from.ScanAsync(new ScanRequest
            {
                TableName = fromTable,
                Segment = segment,
                TotalSegments = segments,
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken), cancellationToken);
            foreach (var batch in (page.Items ?? []).Chunk(BatchSize))
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    await _pacer.WaitTurnAsync(cancellationToken);
                }

                await WriteAsync(batch, cancellationToken);
                Interlocked.Add(ref _copied, batch.Length);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    /// <summary>The console's progress line: items copied of the source's item count, rate and time left.</summary>
    internal static string ProgressLine(long copied, long expected, TimeSpan elapsed)
    {
        var rate = copied / Math.Max(elapsed.TotalSeconds, 0.001);
        var left = expected > copied && rate > 0 ? TimeSpan.FromSeconds((expected - copied) / rate) : TimeSpan.Zero;
        return $"copied {copied} of ~{expected} items, {rate:F0} items/s, {left:hh\\:mm\\:ss} left";
    }

    private async Task WriteAsync(Dictionary<string, AttributeValue>[] items, CancellationToken cancellationToken)
    {
        var requests = items.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList();
        for (var attempt = 1; requests.Count > 0; attempt++)
        {
            var response = await Backoff.RetryAsync(() => to.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [toTable] = requests },
            }, cancellationToken), cancellationToken);
            // Unprocessed items are DynamoDB throttling part of a batch; they are sent again after a pause.
            requests = response.UnprocessedItems?.GetValueOrDefault(toTable) ?? [];
            if (requests.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 * Math.Pow(2, attempt))), cancellationToken);
            }
        }
    }

    private static async Task<List<string>> ReadAllAsync(IAmazonDynamoDB dynamoDB, string table, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Backoff.RetryAsync(() => dynamoDB.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = start }, cancellationToken), cancellationToken);
            items.AddRange((page.Items ?? []).Select(ItemText.Of));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }
}
