using System.Runtime.CompilerServices;
using System.Text;

namespace IdentityE2E.Migration.Sources;

/// <summary>CSV with a header row, as RFC 4180 writes it: quoted fields may hold commas, quotes ("") and line breaks.</summary>
internal sealed class CsvSourceReader : ISourceReader
{
    public async IAsyncEnumerable<SourceRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        List<string>? header = null;
        long row = 0;
        while (await ReadRecordAsync(reader, cancellationToken) is { } fields)
        {
            if (header is null)
            {
                header = [.. fields.Select(name => name.Trim())];
                continue;
            }

            // A blank line between records is no record.
            if (fields is [""])
            {
                continue;
            }

            row++;
            if (fields.Count != header.Count)
            {
                yield return new(row, new Dictionary<string, string?>(), $"has {fields.Count} fields where the header has {header.Count}");
                continue;
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                values[header[i]] = fields[i];
            }

            yield return new(row, values);
        }
    }

    private static async Task<List<string>?> ReadRecordAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i == line.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return fields;
                }

                // A line break inside quotes belongs to the field; the record goes on on the next line.
                line = await reader.ReadLineAsync(cancellationToken)
                    ?? throw new InvalidDataException("the file ends inside a quoted field.");
                field.Append('\n');
                i = 0;
                continue;
            }

            var c = line[i++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < line.Length && line[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
    }
}
