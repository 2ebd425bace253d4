using System.Text;

namespace IdentityE2E.Migration;

/// <summary>The rows that were not imported, as CSV (row, source key, reason), written as they happen.</summary>
internal sealed class RejectsFile : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public RejectsFile(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        _writer.WriteLine("row,sourceKey,reason");
    }

    public async Task AddAsync(long row, string sourceKey, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _writer.WriteLineAsync($"{row},{Quote(sourceKey)},{Quote(reason)}".AsMemory(), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _gate.Dispose();
    }

    // RFC 4180: quote every field that needs it and double the quotes inside.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
