using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace IdentityE2E.Migration.Sources;

/// <summary>
/// DynamoDB's own JSON, in its two shapes: the output of <c>aws dynamodb scan --output json</c>
/// (one document, <c>{"Items":[...]}</c>) and DynamoDB's export to S3 (lines of <c>{"Item":{...}}</c>).
/// </summary>
internal sealed class DynamoDBJsonSourceReader : ISourceReader
{
    public async IAsyncEnumerable<SourceRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An export's first line is a whole {"Item":...} object; a scan's output is pretty-printed, so
        // its first line alone is no JSON. The stream is read twice, so it is buffered when it cannot seek.
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            stream = copy;
        }

        var start = stream.Position;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        string? first;
        do
        {
            first = await reader.ReadLineAsync(cancellationToken);
        }
        while (first is not null && string.IsNullOrWhiteSpace(first));

        if (first is null)
        {
            yield break;
        }

        if (IsExportLine(first))
        {
            long row = 1;
            yield return FromExportLine(row, first);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    yield return FromExportLine(++row, line);
                }
            }

            yield break;
        }

        stream.Position = start;
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("Items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("a DynamoDB JSON document needs an \"Items\" array (aws dynamodb scan --output json).");
        }

        long index = 0;
        foreach (var item in items.EnumerateArray())
        {
            yield return FromItem(++index, item);
        }
    }

    private static bool IsExportLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Item", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static SourceRecord FromExportLine(long row, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("Item", out var item)
                ? FromItem(row, item)
                : new(row, new Dictionary<string, string?>(), "has no \"Item\" object");
        }
        catch (JsonException)
        {
            return new(row, new Dictionary<string, string?>(), "is not valid JSON");
        }
    }

    private static SourceRecord FromItem(long row, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new(row, new Dictionary<string, string?>(), "is not a DynamoDB item");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var attribute in item.EnumerateObject())
        {
            // Only scalar types carry identity fields; anything else keeps its JSON text and fails validation by name.
            values[attribute.Name] = attribute.Value.ValueKind == JsonValueKind.Object && attribute.Value.EnumerateObject().FirstOrDefault() is var typed
                ? typed.Name switch
                {
                    "S" or "N" => typed.Value.GetString(),
                    "NULL" => null,
                    "BOOL" => typed.Value.GetRawText(),
                    _ => typed.Value.GetRawText(),
                }
                : attribute.Value.GetRawText();
        }

        return new(row, values);
    }
}
