using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Amazon.CDK.AWS.KMS;
using Constructs;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.ISecret;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Staff sign-in: the manifest's <c>aws.cognito.userpool.v0</c> as one Cognito user pool per environment,
/// with its groups, one resource server for the API scopes, the clients, a Cognito login domain, and the
/// client secrets that services need, stored in Secrets Manager.
/// </summary>
internal sealed class SignIn : Construct
{
    private readonly Dictionary<string, UserPoolClient> clients = new(StringComparer.Ordinal);

    /// <param name="publicUrl">Where the application answers; null when no project is public.</param>
    public SignIn(Construct scope, string id, CloudModel model, EnvironmentSettings settings, string? publicUrl, IKey secretKey) : base(scope, id)
    {
        var resource = model.UserPool!;
        Pool = StaffUserPool.Create(this, settings, publicUrl);
        foreach (var group in resource.Groups)
        {
            _ = new CfnUserPoolGroup(this, $"Group{Identifier(group.Name)}", new CfnUserPoolGroupProps
            {
                UserPoolId = Pool.UserPoolId,
                GroupName = group.Name,
                Description = group.Description,
            });
        }

        var server = Pool.AddResourceServer("Api", new UserPoolResourceServerOptions
        {
            Identifier = resource.ResourceServerIdentifier,
            UserPoolResourceServerName = $"{Naming.Application} API",
            Scopes = [.. resource.Scopes.Select(scope => new ResourceServerScope(new ResourceServerScopeProps { ScopeName = scope.Name, ScopeDescription = scope.Description }))],
        });

        foreach (var client in resource.Clients)
        {
            clients[client.Name] = client.Flow == ClientFlow.AuthorizationCode
                ? SignInClients.Web(Pool, server, client, $"{publicUrl}{model.PublicPathBase(client.Resource!)}")
                : SignInClients.Machine(Pool, server, client);
        }

        Domain = Pool.AddDomain("Domain", new UserPoolDomainOptions
        {
            // Cognito domain prefixes are global per region: the environment plus the first block of the
            // stack's own GUID keeps it unique across accounts without publishing the account id. Lower-case
            // letters, digits and dashes only, as Cognito requires.
            CognitoDomain = new CognitoDomainOptions
            {
                DomainPrefix = Fn.Join("-", [Naming.Application.ToLowerInvariant(), settings.Name, Fn.Select(0, Fn.Split("-", Fn.Select(2, Fn.Split("/", Aws.STACK_ID))))]),
            },
        });

        Issuer = $"https://cognito-idp.{Stack.Of(this).Region}.amazonaws.com/{Pool.UserPoolId}";
        // Cognito's logout endpoint takes client_id and logout_uri; the frontend adds both.
        LogoutEndpoint = $"{Domain.BaseUrl()}/logout";
        Secrets = ClientSecrets.Store(this, Pool, model.ClientSecrets.ToDictionary(name => CloudModel.ClientSecretName(resource.Name, name), name => clients[name]), secretKey, settings);
    }

    public UserPool Pool { get; }

    public UserPoolDomain Domain { get; }

    /// <summary>The token issuer services trust: https://cognito-idp.&lt;region&gt;.amazonaws.com/&lt;pool id&gt;.</summary>
    public string Issuer { get; }

    public string LogoutEndpoint { get; }

    /// <summary>The client secrets services reference, by <see cref="CloudModel.ClientSecretName"/>.</summary>
    public IReadOnlyDictionary<string, SecretsManagerSecret> Secrets { get; }

    /// <summary>What a user pool placeholder of the manifest becomes in the template.</summary>
    public string Output(UserPoolOutputPart output) => output switch
    {
        { Output: UserPoolOutputPart.Issuer } => Issuer,
        { Output: UserPoolOutputPart.LogoutEndpoint } => LogoutEndpoint,
        { Client: { } client } => clients[client].UserPoolClientId,
        _ => throw new InvalidOperationException($"Unknown user pool output {output.Output}."),
    };

    private static string Identifier(string name) => new([.. name.Where(char.IsAsciiLetterOrDigit)]);
}
