using System.Buffers.Text;

namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>
/// Identities the hostile requests aim at, made once per test class, and the real cursors that
/// tampered ones are made from. Fills the placeholders of a <see cref="HostileCase"/>.
/// </summary>
public sealed class HostileSeed : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, string>? _values;

    /// <summary>The seeded identity every PUT and DELETE case targets; it must stay at version 1.</summary>
    public string TargetId => _values?["{id}"] ?? throw new InvalidOperationException("Not seeded yet.");

    public async Task<Func<string, string>> EnsureAsync(HttpClient client, BackendTokens tokens, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _values ??= await SeedAsync(client, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        // Tokens are looked up on every call, not seeded: the provider's last only 15 minutes.
        var tokenValues = await TokensAsync(tokens, cancellationToken);
        return text => Fill(text, tokenValues);
    }

    public void Dispose() => _gate.Dispose();

    private string Fill(string text, IReadOnlyDictionary<string, string> tokenValues)
    {
        foreach (var (placeholder, value) in _values!.Concat(tokenValues))
        {
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        // A fresh email each time, so a case that wrongly succeeded could not collide with another.
        return text.Replace("{email}", IdentityRequests.NewEmail("hostile"), StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyDictionary<string, string>> SeedAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var target = await client.CreateIdentityAsync(cancellationToken);
        await client.CreateIdentityAsync(cancellationToken);
        await client.CreateIdentityAsync(cancellationToken, dateOfBirth: null);

        // A taken address with an accent and a Unicode domain, for the cases that spell it another way.
        var unicode = Guid.NewGuid().ToString("N");
        await client.CreateIdentityAsync(cancellationToken, $"ren\u00E9.ada-{unicode}@b\u00FCcher.example");

        // Three identities exist, so a page of one always has a next page.
        var cursor = (await client.ListIdentitiesAsync("limit=1", cancellationToken)).NextCursor!;
        var pendingCursor = (await client.ListIdentitiesAsync("limit=1&status=pending", cancellationToken)).NextCursor!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        return new Dictionary<string, string>
        {
            ["{id}"] = target.Id,
            ["{ID}"] = target.Id.ToUpperInvariant(),
            ["{unicode}"] = unicode,
            ["{cursor}"] = cursor,
            ["{pending-cursor}"] = pendingCursor,
            ["{flipped-payload-cursor}"] = $"{FlipByte(cursor[..dot])}{cursor[dot..]}",
            ["{flipped-signature-cursor}"] = $"{cursor[..(dot + 1)]}{FlipByte(cursor[(dot + 1)..])}",
            ["{unsigned-cursor}"] = $"{cursor[..dot]}.",
            ["{truncated-signature-cursor}"] = cursor[..^4],
        };
    }

    private static async Task<IReadOnlyDictionary<string, string>> TokensAsync(BackendTokens tokens, CancellationToken cancellationToken) =>
        new Dictionary<string, string>
        {
            ["{expired-token}"] = await tokens.RefusedAsync(RefusedToken.Expired, cancellationToken),
            ["{wrong-issuer-token}"] = await tokens.RefusedAsync(RefusedToken.WrongIssuer, cancellationToken),
            ["{forged-token}"] = await tokens.RefusedAsync(RefusedToken.ForgedSignature, cancellationToken),
            ["{unsigned-token}"] = await tokens.RefusedAsync(RefusedToken.NoSignature, cancellationToken),
            ["{unknown-client-token}"] = await tokens.RefusedAsync(RefusedToken.UnknownClient, cancellationToken),
            ["{viewer-token}"] = await tokens.ForAsync(Caller.Viewer, cancellationToken),
            ["{read-only-editor-token}"] = await tokens.EditorWithReadScopeOnlyAsync(cancellationToken),
            ["{user-as-automation-token}"] = await tokens.UserPosingAsTheMachineClientAsync(cancellationToken),
        };

    private static string FlipByte(string base64Url)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        bytes[bytes.Length / 2] ^= 0x01;
        return Base64Url.EncodeToString(bytes);
    }
}
