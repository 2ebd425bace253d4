using Amazon.DynamoDBv2.Model;
using IdentityE2E.Migration;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Migration;

public sealed class CopyTests(DynamoDBLocalFixture dynamoDB) : IClassFixture<DynamoDBLocalFixture>
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task CopyingATableGivesAnotherTableWithEveryItemByteForByte()
    {
        // Arrange: items of every attribute type, more than one scan page's worth of segments.
        var cancellationToken = TestContext.Current.CancellationToken;
        var (source, target) = (await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken), await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken));
        for (var i = 0; i < 120; i++)
        {
            await dynamoDB.Client.PutItemAsync(new PutItemRequest
            {
                TableName = source,
                Item = new()
                {
                    ["pk"] = new() { S = $"thing#{i}" },
                    ["n"] = new() { N = $"{i}.50" },
                    ["b"] = new() { B = new MemoryStream([1, 2, (byte)i]) },
                    ["flag"] = new() { BOOL = i % 2 == 0 },
                    ["nothing"] = new() { NULL = true },
                    ["tags"] = new() { SS = ["a", $"t{i}"] },
                    ["list"] = new() { L = [new() { S = "x" }, new() { N = "1" }] },
                    ["map"] = new() { M = new() { ["inner"] = new() { S = "ü\u0000\"," } } },
                },
            }, cancellationToken);
        }

        using var run = new MigrationRun(dynamoDB, target);

        // Act
        var result = await run.RunAsync(cancellationToken, "copy", "--from", $"{dynamoDB.ServiceUrl}/{source}", "--to", target, "--parallelism", "3");

        // Assert
        Assert.True(result.ExitCode == MigrationCommand.Succeeded, result.Error + result.Output);
        Assert.Contains("MATCH", result.Output, StringComparison.Ordinal);
        Assert.Equal(await ItemsAsync(source, cancellationToken), await ItemsAsync(target, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ACopyWithAMaximumRateStaysUnderItAndShowsTimeLeft()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var (source, target) = (await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken), await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken));
        for (var i = 0; i < 60; i++)
        {
            await dynamoDB.Client.PutItemAsync(new PutItemRequest { TableName = source, Item = new() { ["pk"] = new() { S = $"paced#{i}" } } }, cancellationToken);
        }

        using var run = new MigrationRun(dynamoDB, target);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Act: 60 items at 20 a second cannot take less than the 59 intervals between them.
        var result = await run.RunAsync(cancellationToken, "copy", "--from", $"{dynamoDB.ServiceUrl}/{source}", "--to", target, "--parallelism", "2", "--max-rate", "20");

        // Assert
        Assert.True(result.ExitCode == MigrationCommand.Succeeded, result.Error + result.Output);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(59 / 20.0), $"took {clock.Elapsed}");
        Assert.Matches(@"copied \d+ of ~60 items, \d+ items/s, \d\d:\d\d:\d\d left", result.Output);
        Assert.Equal(60, (await ItemsAsync(target, cancellationToken)).Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task ACopyWithAnUnusableRateIsRefusedInOneLine()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var target = await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken);
        using var run = new MigrationRun(dynamoDB, target);

        // Act
        var result = await run.RunAsync(cancellationToken, "copy", "--from", $"{dynamoDB.ServiceUrl}/{target}", "--to", target, "--max-rate", "fast");

        // Assert
        Assert.Equal(MigrationCommand.Fatal, result.ExitCode);
        Assert.Contains("--max-rate must be a number", result.Error, StringComparison.Ordinal);
    }

    private async Task<List<string>> ItemsAsync(string table, CancellationToken cancellationToken)
    {
        var response = await dynamoDB.Client.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true }, cancellationToken);
        Assert.Null(response.LastEvaluatedKey is { Count: > 0 } ? "more than one page" : null);
        return [.. response.Items.Select(ItemText.Of).Order(StringComparer.Ordinal)];
    }
}
