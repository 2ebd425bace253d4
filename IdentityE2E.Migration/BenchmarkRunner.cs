using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Identities;

namespace IdentityE2E.Migration;

/// <summary>
/// Measures the import against its floor: the same create transactions written straight through the
/// SDK at the same parallelism, into a table of their own, in the same run. The ratio is what reading,
/// validation, rejects, progress and pacing cost on top of DynamoDB itself.
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
            var options = new ImportOptions(source, SourceFormat.Csv, new Dictionary<string, string>(), source + ".rejects.csv", false, parallelism, null);
            // The import's own clock stops before its verification, which reads every row back and is no part of the floor.
            var report = await new ImportRunner(dynamoDB, tableName, options, TextWriter.Null).RunAsync(cancellationToken);

            var floor = Stopwatch.StartNew();
            var now = DateTime.UtcNow;
            await Parallel.ForEachAsync(Enumerable.Range(0, rows), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var fields = new IdentityFields($"Person{i}", "Benchmark", $"floor-{run}-{i}@example.com", new DateOnly(1980, 1, 1), IdentityStatus.Pending);
                    var item = IdentityItem.New(ImportIds.Of($"email:{fields.EmailKey}"), fields, now, ImportRow.Actor);
                    await Backoff.RetryAsync(() => dynamoDB.TransactWriteItemsAsync(
                        new TransactWriteItemsRequest { TransactItems = IdentityCreation.Writes(tableName, item) }, token), token);
                });
            floor.Stop();

            var importRate = rows / report.Elapsed.TotalSeconds;
            var floorRate = rows / floor.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import: {importRate,8:F0} rows/s ({report.Elapsed.TotalSeconds:F1} s; written {report.Written}, skipped {report.Skipped}, rejected {report.Rejected})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"floor:  {floorRate,8:F0} rows/s ({floor.Elapsed.TotalSeconds:F1} s; the same transactions through the SDK, parallelism {parallelism})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio:  {importRate / floorRate:P0} of the floor"));
            report.Verification!.WriteTo(output);
            return report.Verification.Matches && report.Written == rows;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
