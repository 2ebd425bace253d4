using IdentityE2E.Migration;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Migration;

public sealed class ExportTests(DynamoDBLocalFixture dynamoDB) : IClassFixture<DynamoDBLocalFixture>
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task ExportingAndImportingIntoAnEmptyTableGivesTheSameIdentitiesUnderTheSameIds()
    {
        // Arrange: a table filled by an import, and an empty one with the same definition.
        var cancellationToken = TestContext.Current.CancellationToken;
        var (source, target) = (await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken), await MigrationRun.CreateEmptyTableAsync(dynamoDB, cancellationToken));
        using var fill = new MigrationRun(dynamoDB, source);
        var csv = fill.WriteSource("people.csv", "givenName,familyName,email,dateOfBirth,status\n" + string.Concat(
            Enumerable.Range(0, 30).Select(i => $"Person{i},\"Family, {i}\",{IdentityRequests.NewEmail($"export{i}")},{(i % 2 == 0 ? "1990-01-02" : "")},{(i % 3 == 0 ? "verified" : "")}\n")));
        Assert.Equal(MigrationCommand.Succeeded, (await fill.RunAsync(cancellationToken, "import", csv)).ExitCode);
        using var copy = new MigrationRun(dynamoDB, target);
        var exported = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.jsonl");

        try
        {
            // Act
            var export = await fill.RunAsync(cancellationToken, "export", exported);
            var import = await copy.RunAsync(cancellationToken, "import", exported);

            // Assert: the identities (not their timestamps, which record when each was written) are the same.
            Assert.True(export.ExitCode == MigrationCommand.Succeeded, export.Error);
            Assert.Equal(MigrationCommand.Succeeded, import.ExitCode);
            Assert.Contains("written 30, skipped 0, rejected 0", import.Output, StringComparison.Ordinal);
            Assert.Contains("MATCH", import.Output, StringComparison.Ordinal);
            static IEnumerable<string> Identities(List<string> items) => items
                .Where(item => item.Contains("entity=identity", StringComparison.Ordinal))
                .Select(item => string.Join(";", item.Split(';').Where(part => !part.StartsWith("createdAt=", StringComparison.Ordinal)
                    && !part.StartsWith("updatedAt=", StringComparison.Ordinal) && !part.StartsWith("created=", StringComparison.Ordinal))))
                .Order(StringComparer.Ordinal);
            var before = await MigrationRun.ScanAsync(dynamoDB, source, cancellationToken);
            var after = await MigrationRun.ScanAsync(dynamoDB, target, cancellationToken);
            Assert.Equal(30, Identities(before).Count());
            Assert.Equal(Identities(before), Identities(after));
            Assert.Equal(before.Count, after.Count);
            var exportedChecksum = export.Output.Split("sha256 ")[1][..64];
            Assert.Contains(exportedChecksum, import.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(exported);
        }
    }
}
