using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The system's identity provider: an Amazon Cognito user pool in the cloud, the local OpenID Connect provider
/// in run mode. It holds what both worlds share: the groups, the API scopes and the clients.
/// </summary>
public sealed class CognitoUserPoolResource(string name) : Resource(name)
{
    internal List<UserPoolGroup> Groups { get; } = [];

    internal List<UserPoolScope> Scopes { get; } = [];

    internal List<UserPoolMachineClient> MachineClients { get; } = [];

    /// <summary>The users the local provider seeds (run mode only; in the cloud an administrator creates them).</summary>
    internal List<LocalUser> LocalUsers { get; } = [];

    /// <summary>Every resource that references the pool; those with an external HTTP endpoint sign users in.</summary>
    internal List<IResourceWithEnvironment> Consumers { get; } = [];

    private readonly ConcurrentDictionary<string, string> _localWebClientSecrets = new();

    /// <summary>The local OpenID Connect provider when the pool runs as an emulator (run mode only).</summary>
    public ProjectResource? Emulator { get; internal set; }

    /// <summary>Where a web client's browser comes back after signing in and after signing out.</summary>
    public const string CallbackPath = "/signin-oidc";

    public const string SignOutCallbackPath = "/signout-callback-oidc";

    /// <summary>The scopes a web client asks for: the user's identity plus every API scope.</summary>
    internal IEnumerable<string> WebClientScopes => ["openid", "profile", .. Scopes.Select(scope => scope.Name)];

    /// <summary>
    /// The consumers that sign people in: those a browser reaches. Decided when the model is used, not when
    /// WithReference runs, so WithExternalHttpEndpoints may come before or after it.
    /// </summary>
    internal IEnumerable<IResourceWithEndpoints> WebClients => Consumers
        .OfType<IResourceWithEndpoints>()
        .Where(consumer => consumer.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.IsExternal && endpoint.UriScheme == "http"));

    internal IEnumerable<string> ClientNames => WebClients.Select(client => client.Name).Concat(MachineClients.Select(client => client.Name));

    /// <summary>
    /// A web client's secret in run mode. It only has to match between the client and the local provider for one
    /// run of the AppHost, so it is made fresh per run and never stored.
    /// </summary>
    internal string LocalWebClientSecret(string client) =>
        _localWebClientSecrets.GetOrAdd(client, _ => RandomNumberGenerator.GetHexString(48, lowercase: true));

    internal bool IsWebClient(IResource consumer) => WebClients.Any(client => client.Name == consumer.Name);
}

/// <summary>A group of users; membership is what the services authorize on.</summary>
public sealed record UserPoolGroup(string Name, string Description);

/// <summary>An API scope a client may be granted.</summary>
public sealed record UserPoolScope(string Name, string Description);

/// <summary>A client that signs in as itself (client credentials): scripts, imports, service-to-service calls.</summary>
public sealed record UserPoolMachineClient(string Name, IReadOnlyList<string> Scopes, ParameterResource? LocalSecret);

/// <summary>A user the local provider seeds, with a generated password parameter.</summary>
public sealed record LocalUser(string Name, string Group, ParameterResource Password);

/// <summary>A value only the cloud knows, written to the manifest as <c>{auth.outputs.&lt;path&gt;}</c>.</summary>
public sealed class UserPoolOutputReference(CognitoUserPoolResource pool, string path) : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{pool.Name}.outputs.{path}}}";

    public IEnumerable<object> References => [pool];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        throw new DistributedApplicationException($"{ValueExpression} exists only in the cloud; in run mode call RunAsEmulator on '{pool.Name}'.");
}
