using IdentityE2E.Identities;
using IdentityE2E.Migration;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Migration;

public sealed class ResumeTests(DynamoDBLocalFixture dynamoDB) : IClassFixture<DynamoDBLocalFixture>, IDisposable
{
    private const int Timeout = 120_000;
    private const int Rows = 200;
    private readonly MigrationRun _run = new(dynamoDB);

    [Fact(Timeout = Timeout)]
    public async Task AnImportStoppedMidwayAndRunAgainEndsWithExactlyTheSourcesRecords()
    {
        // Arrange: a run cancelled once 60 of 200 rows are done, as a killed process would stop.
        var cancellationToken = TestContext.Current.CancellationToken;
        var emails = Enumerable.Range(0, Rows).Select(i => IdentityRequests.NewEmail($"resume{i}")).ToList();
        var path = _run.WriteSource("resume.csv",
            "givenName,familyName,email\n" + string.Concat(emails.Select((email, i) => $"Person{i},Resumed,{email}\n")));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopped = await _run.RunAsync(done => { if (done >= 60) { stop.Cancel(); } }, stop.Token, "import", path, "--parallelism", "4");

        // Act
        var resumed = await _run.RunAsync(cancellationToken, "import", path, "--parallelism", "4");

        // Assert
        Assert.Equal(MigrationCommand.Cancelled, stopped.ExitCode);
        Assert.StartsWith("error: cancelled", stopped.Error, StringComparison.Ordinal);
        Assert.Equal(MigrationCommand.Succeeded, resumed.ExitCode);
        Assert.Contains("MATCH", resumed.Output, StringComparison.Ordinal);
        var summary = resumed.Output.Split('\n').Single(line => line.StartsWith("import done", StringComparison.Ordinal));
        Assert.Matches(@"written (\d+), skipped (\d+), rejected 0", summary);
        var counts = System.Text.RegularExpressions.Regex.Match(summary, @"written (\d+), skipped (\d+)");
        var (written, skipped) = (int.Parse(counts.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(counts.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Rows, written + skipped);
        Assert.InRange(skipped, 60, Rows - 1);
        foreach (var (email, i) in emails.Select((email, i) => (email, i)))
        {
            var item = await _run.ReadAsync(IdentityItem.PkOf(ImportIds.Of("email:" + email)), cancellationToken);
            Assert.Equal($"Person{i}", item?["givenName"].S);
            Assert.Equal("1", item!["version"].N);
        }
    }

    public void Dispose() => _run.Dispose();
}
