namespace IdentityE2E.Migration.Sources;

/// <summary>
/// One record of a source file as read, before any rule: its 1-based position among the data records,
/// and its values by column name (null for an explicit null). <see cref="Error"/> is set when the
/// record itself could not be read (bad JSON); such a record is rejected, not fatal.
/// </summary>
internal sealed record SourceRecord(long Row, IReadOnlyDictionary<string, string?> Values, string? Error = null);

/// <summary>Reads the records of a source file one at a time, so a large file never has to fit in memory.</summary>
internal interface ISourceReader
{
    IAsyncEnumerable<SourceRecord> ReadAsync(Stream stream, CancellationToken cancellationToken);
}

internal static class SourceReaders
{
    public static ISourceReader For(SourceFormat format) => format switch
    {
        SourceFormat.Csv => new CsvSourceReader(),
        SourceFormat.JsonLines => new JsonLinesSourceReader(),
        _ => new DynamoDBJsonSourceReader(),
    };
}
