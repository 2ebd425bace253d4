using IdentityE2E.Migration;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Migration;

/// <summary>The benchmark command's report, not its speed: speed is read from its output, never asserted.</summary>
public sealed class BenchmarkCommandTests(DynamoDBLocalFixture dynamoDB) : IClassFixture<DynamoDBLocalFixture>
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task TheBenchmarkPrintsBothRatesTheirRatioAndAMatchingVerification()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var table = await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken);
        using var run = new MigrationRun(dynamoDB, table);

        // Act
        var result = await run.RunAsync(cancellationToken, "benchmark", "--rows", "40", "--parallelism", "4");

        // Assert
        Assert.True(result.ExitCode == MigrationCommand.Succeeded, result.Error + result.Output);
        Assert.Matches(@"import: +\d+ rows/s \(\d+\.\d s; written 40, skipped 0, rejected 0\)", result.Output);
        Assert.Matches(@"floor: +\d+ rows/s \(\d+\.\d s in two halves around the import", result.Output);
        Assert.Matches(@"ratio: +\d+ ?% of the floor", result.Output);
        Assert.Contains("MATCH", result.Output, StringComparison.Ordinal);
    }
}
