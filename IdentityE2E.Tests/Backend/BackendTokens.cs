using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityE2E.Tests.Backend;

/// <summary>
/// Tokens for the backend under test, from the real local provider: the callers' (client credentials
/// for automation, code + PKCE through the frontend client for users) and the ones it must refuse.
/// Issued tokens are kept until a minute before they expire, so hundreds of tests sign in a few times.
/// </summary>
public sealed class BackendTokens(LocalAuthFactory provider) : IAsyncDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private static readonly string[] UserScopes = ["openid", "profile", LocalAuthFactory.ReadScope, LocalAuthFactory.WriteScope];
    private static readonly string[] MachineScopes = [LocalAuthFactory.ReadScope, LocalAuthFactory.WriteScope];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, JsonWebToken> _issued = [];
    private LocalAuthFactory? _elsewhere;

    public LocalAuthFactory Provider => provider;

    /// <summary>The bearer token <paramref name="caller"/> presents.</summary>
    public Task<string> ForAsync(Caller caller, CancellationToken cancellationToken) => caller switch
    {
        Caller.Automation => IssuedAsync(nameof(Caller.Automation), token => LocalAuthTokens.GetClientCredentialsTokenAsync(
            provider.Authority, LocalAuthFactory.MachineClientId, provider.MachineClientSecret, MachineScopes, token), cancellationToken),
        Caller.Editor => SignedInAsync(LocalAuthFactory.Editor, provider.EditorPassword, UserScopes, cancellationToken),
        _ => SignedInAsync(LocalAuthFactory.Viewer, provider.ViewerPassword, UserScopes, cancellationToken),
    };

    /// <summary>The subject the provider gave <paramref name="caller"/>: what the backend records as the author.</summary>
    public async Task<string> SubjectOfAsync(Caller caller, CancellationToken cancellationToken) =>
        new JsonWebToken(await ForAsync(caller, cancellationToken)).Subject;

    /// <summary>An editor who signed in asking for the read scope only: authenticated, but may not write.</summary>
    public Task<string> EditorWithReadScopeOnlyAsync(CancellationToken cancellationToken) =>
        SignedInAsync(LocalAuthFactory.Editor, provider.EditorPassword, ["openid", LocalAuthFactory.ReadScope], cancellationToken);

    /// <summary>
    /// A viewer's token whose client_id claims the automation client, signed with the provider's key: the
    /// provider never issues it, and the backend must still not take a user for the machine client.
    /// </summary>
    public async Task<string> UserPosingAsTheMachineClientAsync(CancellationToken cancellationToken) =>
        ForgedTokens.WithProviderKey(provider, await ForAsync(Caller.Viewer, cancellationToken),
            payload => payload["client_id"] = LocalAuthFactory.MachineClientId);

    public async Task<string> RefusedAsync(RefusedToken kind, CancellationToken cancellationToken) => kind switch
    {
        RefusedToken.Expired => ForgedTokens.WithProviderKey(
            provider, await ForAsync(Caller.Automation, cancellationToken), ForgedTokens.ExpiredFor(TimeSpan.FromMinutes(10))),
        RefusedToken.WrongIssuer => await IssuedAsync(nameof(RefusedToken.WrongIssuer), token => LocalAuthTokens.GetClientCredentialsTokenAsync(
            Elsewhere.Authority, LocalAuthFactory.MachineClientId, Elsewhere.MachineClientSecret, MachineScopes, token), cancellationToken),
        RefusedToken.ForgedSignature => ForgedTokens.WithAttackerKey(await ForAsync(Caller.Automation, cancellationToken)),
        RefusedToken.UnknownClient => await IssuedAsync(nameof(RefusedToken.UnknownClient), token => LocalAuthTokens.GetClientCredentialsTokenAsync(
            provider.Authority, LocalAuthFactory.UnlistedClientId, provider.UnlistedClientSecret, MachineScopes, token), cancellationToken),
        RefusedToken.NoSignature => ForgedTokens.WithoutSignature(await ForAsync(Caller.Automation, cancellationToken)),
        _ => "hello",
    };

    public async ValueTask DisposeAsync()
    {
        if (_elsewhere is not null)
        {
            await _elsewhere.DisposeAsync();
        }

        _gate.Dispose();
    }

    private Task<string> SignedInAsync(string user, string password, string[] scopes, CancellationToken cancellationToken) =>
        IssuedAsync($"{user} {string.Join(' ', scopes)}", token => LocalAuthTokens.SignInAsync(
            provider.Authority, LocalAuthFactory.WebClientId, provider.WebClientSecret, LocalAuthFactory.RedirectUri,
            user, password, scopes, token), cancellationToken);

    private async Task<string> IssuedAsync(
        string key, Func<CancellationToken, Task<LocalAuthTokenSet>> issue, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_issued.TryGetValue(key, out var token) || token.ValidTo - DateTime.UtcNow < RenewBefore)
            {
                token = new JsonWebToken((await issue(cancellationToken)).AccessToken);
                _issued[key] = token;
            }

            return token.EncodedToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A second provider at another address sharing the first one's keys, so its tokens differ from the
    /// real ones in the issuer only. Started when first needed; read under the gate only.
    /// </summary>
    private LocalAuthFactory Elsewhere => _elsewhere ??= new LocalAuthFactory(keysPath: provider.KeysPath).Start();
}
