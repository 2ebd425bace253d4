namespace IdentityE2E.LocalAuth.Configuration;

/// <summary>The provider's users, clients, API scopes, token lifetimes and key folder (section <c>LocalAuth</c>).</summary>
internal sealed class LocalAuthOptions
{
    public const string SectionName = "LocalAuth";

    public Dictionary<string, LocalUser> Users { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, LocalClient> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>API scopes, e.g. identities.read; openid, profile and offline_access are always known.</summary>
    public List<string> Scopes { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Per user and outside the source tree, so keys never end up in a commit.</summary>
    public string KeysPath { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "IdentityE2E", "local-auth", "keys");
}

internal sealed class LocalUser
{
    public string Password { get; set; } = "";

    public List<string> Groups { get; set; } = [];
}

internal sealed class LocalClient
{
    public const string AuthorizationCode = "authorization_code";
    public const string ClientCredentials = "client_credentials";

    public string Secret { get; set; } = "";

    public string Flow { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];
}
