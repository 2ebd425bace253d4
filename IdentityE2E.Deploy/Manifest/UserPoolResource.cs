namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// An <c>aws.cognito.userpool.v0</c> (docs/contracts.md, "Sign-in"): the staff user pool with its groups,
/// API scopes and clients. Users are never in the manifest; an administrator creates them.
/// </summary>
internal sealed record UserPoolResource(
    string Name,
    IReadOnlyList<UserPoolGroup> Groups,
    IReadOnlyList<ApiScope> Scopes,
    IReadOnlyList<UserPoolClientResource> Clients)
{
    /// <summary>The OpenID Connect scopes Cognito offers besides the pool's own API scopes.</summary>
    public static readonly string[] StandardScopes = ["openid", "profile", "email", "phone", "aws.cognito.signin.user.admin"];

    /// <summary>
    /// The resource server's identifier: the common first segment of the scope names ("identities" for
    /// identities.read and identities.write), else the resource's name. Cognito names a custom scope
    /// "identifier/scope", so services receive "identifier/" as their scope prefix.
    /// </summary>
    public string ResourceServerIdentifier
    {
        get
        {
            var heads = Scopes.Select(scope => scope.Name.Split('.')[0]).Distinct(StringComparer.Ordinal).ToList();
            return heads.Count == 1 && Scopes.All(scope => scope.Name.Contains('.', StringComparison.Ordinal)) ? heads[0] : Name;
        }
    }

    public string ScopePrefix => $"{ResourceServerIdentifier}/";
}

internal sealed record UserPoolGroup(string Name, string Description);

internal sealed record ApiScope(string Name, string Description);

internal enum ClientFlow
{
    /// <summary>A person signs in through a web app: authorization code (with PKCE), confidential.</summary>
    AuthorizationCode,

    /// <summary>A program without a person: client credentials, API scopes only.</summary>
    ClientCredentials,
}

/// <summary>
/// A client of the pool. A web client (<see cref="ClientFlow.AuthorizationCode"/>) belongs to the public
/// project named by <see cref="Resource"/>, whose public URL plus the paths are its redirect URLs.
/// </summary>
internal sealed record UserPoolClientResource(
    string Name,
    ClientFlow Flow,
    IReadOnlyList<string> Scopes,
    string? Resource,
    string? CallbackPath,
    string? SignOutCallbackPath);
