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

    public async Task<Func<string, string>> EnsureAsync(HttpClient client, CancellationToken cancellationToken)
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

        return Fill;
    }

    public void Dispose() => _gate.Dispose();

    private string Fill(string text)
    {
        foreach (var (placeholder, value) in _values!)
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

        // Three identities exist, so a page of one always has a next page.
        var cursor = (await client.ListIdentitiesAsync("limit=1", cancellationToken)).NextCursor!;
        var pendingCursor = (await client.ListIdentitiesAsync("limit=1&status=pending", cancellationToken)).NextCursor!;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        return new Dictionary<string, string>
        {
            ["{id}"] = target.Id,
            ["{ID}"] = target.Id.ToUpperInvariant(),
            ["{cursor}"] = cursor,
            ["{pending-cursor}"] = pendingCursor,
            ["{flipped-payload-cursor}"] = $"{FlipByte(cursor[..dot])}{cursor[dot..]}",
            ["{flipped-signature-cursor}"] = $"{cursor[..(dot + 1)]}{FlipByte(cursor[(dot + 1)..])}",
            ["{unsigned-cursor}"] = $"{cursor[..dot]}.",
            ["{truncated-signature-cursor}"] = cursor[..^4],
            ["{expired-token}"] = TestTokens.Issue("automation", "automation", BothScopes, expires: DateTime.UtcNow.AddMinutes(-10)),
            ["{wrong-issuer-token}"] = TestTokens.Issue("automation", "automation", BothScopes, issuer: "http://elsewhere.test/"),
            ["{forged-token}"] = TestTokens.Issue("automation", "automation", BothScopes, forged: true),
            ["{unsigned-token}"] = TestTokens.WithoutSignature("automation", "automation", BothScopes),
            ["{unknown-client-token}"] = TestTokens.Issue("intruder", "intruder", BothScopes),
            ["{viewer-token}"] = TestTokens.For(Caller.Viewer),
            ["{read-only-editor-token}"] = TestTokens.Issue("user-editor-0002", "frontend", "identities.read", ["editors"]),
            ["{user-as-automation-token}"] = TestTokens.Issue("user-viewer-0002", "automation", BothScopes, ["viewers"]),
        };
    }

    private const string BothScopes = "identities.read identities.write";

    private static string FlipByte(string base64Url)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        bytes[bytes.Length / 2] ^= 0x01;
        return Base64Url.EncodeToString(bytes);
    }
}
