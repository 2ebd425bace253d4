using System.Security.Cryptography;
using System.Text.Json;

namespace IdentityE2E.Benchmarks;

/// <summary>
/// The local sign-in provider, run as the AppHost runs it, with made-up secrets for this run only. The backend
/// validates its tokens exactly as in production (metadata, keys, issuer, lifetime, client binding): the
/// benchmark takes a client-credentials token as the automation client, as load/run.sh does.
/// </summary>
internal sealed class LocalAuthProvider
{
    public const string MachineClientId = "automation";
    public const string WebClientId = "frontend";

    public string MachineSecret { get; } = NewSecret();

    public string WebSecret { get; } = NewSecret();

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public Dictionary<string, string> Environment(int port, string keysPath) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["LocalAuth__KeysPath"] = keysPath,
        // Longer than any run, so one token serves the whole benchmark.
        ["LocalAuth__AccessTokenLifetime"] = "04:00:00",
        ["LocalAuth__Scopes__0"] = "identities.read",
        ["LocalAuth__Scopes__1"] = "identities.write",
        ["LocalAuth__Users__editor__Password"] = NewSecret(),
        ["LocalAuth__Users__editor__Groups__0"] = "editors",
        [$"LocalAuth__Clients__{MachineClientId}__Secret"] = MachineSecret,
        [$"LocalAuth__Clients__{MachineClientId}__Flow"] = "client_credentials",
        [$"LocalAuth__Clients__{MachineClientId}__Scopes__0"] = "identities.read",
        [$"LocalAuth__Clients__{MachineClientId}__Scopes__1"] = "identities.write",
        [$"LocalAuth__Clients__{WebClientId}__Secret"] = WebSecret,
        [$"LocalAuth__Clients__{WebClientId}__Flow"] = "authorization_code",
        [$"LocalAuth__Clients__{WebClientId}__Scopes__0"] = "openid",
        [$"LocalAuth__Clients__{WebClientId}__Scopes__1"] = "profile",
        [$"LocalAuth__Clients__{WebClientId}__Scopes__2"] = "identities.read",
        [$"LocalAuth__Clients__{WebClientId}__Scopes__3"] = "identities.write",
        [$"LocalAuth__Clients__{WebClientId}__RedirectUris__0"] = "http://127.0.0.1/signin-oidc",
    };

    /// <summary>A machine token from the client credentials flow; the token endpoint comes from the discovery document.</summary>
    public async Task<string> MachineTokenAsync(Uri authority, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri(authority, ".well-known/openid-configuration"), cancellationToken));
        var tokenEndpoint = new Uri(discovery.RootElement.GetProperty("token_endpoint").GetString()!);
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = MachineClientId,
            ["client_secret"] = MachineSecret,
            ["scope"] = "identities.read identities.write",
        }), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
