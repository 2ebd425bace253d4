using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace IdentityE2E.Migration.Sources;

/// <summary>JSON Lines: one object per line with the API's field names; a line that is no object is rejected alone.</summary>
internal sealed class JsonLinesSourceReader : ISourceReader
{
    public async IAsyncEnumerable<SourceRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        long row = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            row++;
            yield return Parse(row, line);
        }
    }

    private static SourceRecord Parse(long row, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new(row, new Dictionary<string, string?>(), "is not a JSON object");
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }

            return new(row, values);
        }
        catch (JsonException)
        {
            return new(row, new Dictionary<string, string?>(), "is not valid JSON");
        }
    }
}
