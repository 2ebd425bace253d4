using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>
/// Measures the import against its floor: the same create transactions written straight through the
/// SDK at the same parallelism, into a table of their own, in the same run. The ratio is what reading,
/// validation, rejects, progress and pacing cost on top of DynamoDB itself. DynamoDB Local's JVM gets
/// several times faster as it warms, so both sides first write a warm-up batch, and the floor's rows are
/// split into a half before the import and a half after it: both sides see the same emulator on average.
/// </summary>
internal sealed class BenchmarkRunner(IAmazonDynamoDB dynamoDB, string tableName, int rows, int parallelism, TextWriter output)
{
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("identitye2e-benchmark-").FullName;
        try
        {
            var source = Path.Combine(directory, "people.csv");
            await File.WriteAllLinesAsync(source,
                ["givenName,familyName,email,dateOfBirth", .. Enumerable.Range(0, rows).Select(i => $"Person{i},Benchmark,import-{run}-{i}@example.com,1980-01-01")],
                cancellationToken);

            output.WriteLine($"benchmark: {rows} rows, parallelism {parallelism}, table {tableName}");
            var warmUp = Math.Min(rows, 1_000);
            await WriteFloorAsync($"warm-{run}", 0, warmUp, cancellationToken);
            var warmSource = Path.Combine(directory, "warm-up.csv");
            await File.WriteAllLinesAsync(warmSource,
                ["givenName,familyName,email,dateOfBirth", .. Enumerable.Range(0, warmUp).Select(i => $"Warm{i},Benchmark,warm-import-{run}-{i}@example.com,1980-01-01")],
                cancellationToken);
            await new ImportRunner(dynamoDB, tableName, Options(warmSource), TextWriter.Null).RunAsync(cancellationToken);

            var floor = await WriteFloorAsync($"floor-{run}", 0, rows / 2, cancellationToken);
            // The import's own clock stops before its verification, which reads every row back and is no part of the floor.
            var report = await new ImportRunner(dynamoDB, tableName, Options(source), TextWriter.Null).RunAsync(cancellationToken);
            floor += await WriteFloorAsync($"floor-{run}", rows / 2, rows - (rows / 2), cancellationToken);

            var importRate = rows / report.Elapsed.TotalSeconds;
            var floorRate = rows / floor.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import: {importRate,8:F0} rows/s ({report.Elapsed.TotalSeconds:F1} s; written {report.Written}, skipped {report.Skipped}, rejected {report.Rejected})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"floor:  {floorRate,8:F0} rows/s ({floor.TotalSeconds:F1} s in two halves around the import; the same transactions through the SDK, parallelism {parallelism})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio:  {importRate / floorRate:P0} of the floor"));
            report.Verification!.WriteTo(output);
            return report.Verification.Matches && report.Written == rows;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private ImportOptions Options(string source) =>
        new(source, SourceFormat.Csv, new Dictionary<string, string>(), source + ".rejects.csv", false, parallelism, null);

    /// <summary>The floor: <paramref name="count"/> create transactions straight through the SDK, and how long they took.</summary>
    private async Task<TimeSpan> WriteFloorAsync(string prefix, int first, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var fields = new IdentityFields($"Person{i}", "Benchmark", $"{prefix}-{i}@example.com", new DateOnly(1980, 1, 1), IdentityStatus.Pending);
                var item = IdentityItem.New(ImportIds.Of($"email:{fields.EmailKey}"), fields, now, ImportRow.Actor);
                await Backoff.RetryAsync(() => dynamoDB.TransactWriteItemsAsync(
                    new TransactWriteItemsRequest { TransactItems = IdentityCreation.Writes(tableName, item) }, token), token);
            });
        return clock.Elapsed;
    }
}
