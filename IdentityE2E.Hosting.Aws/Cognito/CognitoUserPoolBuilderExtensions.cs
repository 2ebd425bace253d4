using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds an identity provider to the model: Amazon Cognito in the cloud, a local OpenID Connect provider in run mode.</summary>
public static class CognitoUserPoolBuilderExtensions
{
    /// <summary>Adds a user pool. In the manifest it becomes <c>aws.cognito.userpool.v0</c>; call RunAsEmulator for run mode.</summary>
    public static IResourceBuilder<CognitoUserPoolResource> AddCognitoUserPool(this IDistributedApplicationBuilder builder, string name)
    {
        var pool = new CognitoUserPoolResource(name);
        return builder.AddResource(pool)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "CognitoUserPool",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithIconName("PeopleLock")
            .WithAnnotation(new ManifestPublishingCallbackAnnotation(context => WriteManifest(context.Writer, pool)));
    }

    /// <summary>Adds a group of users; services authorize on membership.</summary>
    public static IResourceBuilder<CognitoUserPoolResource> WithGroup(
        this IResourceBuilder<CognitoUserPoolResource> pool, string name, string description)
    {
        pool.Resource.Groups.Add(new UserPoolGroup(name, description));
        return pool;
    }

    /// <summary>Adds an API scope; web clients ask for every API scope, machine clients for the ones they name.</summary>
    public static IResourceBuilder<CognitoUserPoolResource> WithApiScope(
        this IResourceBuilder<CognitoUserPoolResource> pool, string name, string description)
    {
        pool.Resource.Scopes.Add(new UserPoolScope(name, description));
        return pool;
    }

    /// <summary>
    /// Adds a client that signs in as itself with the client-credentials flow. In run mode its secret is the
    /// generated secret parameter <c>&lt;name&gt;-client-secret</c>, shown on the dashboard; in the cloud Cognito
    /// generates it and it lives in Secrets Manager.
    /// </summary>
    public static IResourceBuilder<CognitoUserPoolResource> WithMachineClient(
        this IResourceBuilder<CognitoUserPoolResource> pool, string name, params string[] scopes)
    {
        var builder = pool.ApplicationBuilder;
        var secret = builder.ExecutionContext.IsRunMode
            ? builder.AddParameter($"{name}-client-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
                .WithParentRelationship(pool).WithIconName("Key")
                .WithDescription($"The client secret of the machine client '{name}' (client credentials).").Resource
            : null;
        pool.Resource.MachineClients.Add(new UserPoolMachineClient(name, scopes, secret));
        return pool;
    }

    /// <summary>
    /// Lets a service sign users in or validate their tokens: it gets the issuer, the claim settings and the
    /// ids of the pool's clients under <c>Auth</c>. A service a browser reaches (an external HTTP endpoint) also
    /// becomes a web client of its own and gets its id and secret. See docs/contracts.md for the keys.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<CognitoUserPoolResource> auth)
        where T : IResourceWithEnvironment
    {
        var pool = auth.Resource;
        pool.Consumers.Add(builder.Resource);
        return builder
            .WithReferenceRelationship(pool)
            .WithEnvironment(context =>
            {
                var env = context.EnvironmentVariables;
                var isWebClient = pool.IsWebClient(builder.Resource);
                if (context.ExecutionContext.IsRunMode)
                {
                    var emulator = pool.Emulator ?? throw new DistributedApplicationException(
                        $"'{builder.Resource.Name}' references '{pool.Name}', which needs RunAsEmulator in run mode.");
                    env["Auth__Authority"] = emulator.GetEndpoint("http");
                    // The local provider speaks plain http on loopback; in the cloud the issuer is https.
                    env["Auth__RequireHttpsMetadata"] = "false";
                    env["Auth__GroupsClaim"] = "groups";
                    env["Auth__ScopePrefix"] = "";
                    foreach (var client in pool.ClientNames)
                    {
                        env[$"Auth__Clients__{client}"] = client;
                    }

                    if (isWebClient)
                    {
                        env["Auth__ClientId"] = builder.Resource.Name;
                        env["Auth__ClientSecret"] = pool.LocalWebClientSecret(builder.Resource.Name);
                    }

                    return;
                }

                env["Auth__Authority"] = new UserPoolOutputReference(pool, "issuer");
                env["Auth__GroupsClaim"] = "cognito:groups";
                env["Auth__ScopePrefix"] = new UserPoolOutputReference(pool, "scopePrefix");
                foreach (var client in pool.ClientNames)
                {
                    env[$"Auth__Clients__{client}"] = new UserPoolOutputReference(pool, $"clients.{client}.id");
                }

                if (isWebClient)
                {
                    env["Auth__ClientId"] = new UserPoolOutputReference(pool, $"clients.{builder.Resource.Name}.id");
                    env["Auth__ClientSecret"] = new UserPoolOutputReference(pool, $"clients.{builder.Resource.Name}.secret");
                    env["Auth__LogoutEndpoint"] = new UserPoolOutputReference(pool, "logoutEndpoint");
                }
            });
    }

    private static void WriteManifest(Utf8JsonWriter writer, CognitoUserPoolResource pool)
    {
        writer.WriteString("type", "aws.cognito.userpool.v0");
        WriteNamed(writer, "groups", pool.Groups.Select(group => (group.Name, group.Description)));
        WriteNamed(writer, "scopes", pool.Scopes.Select(scope => (scope.Name, scope.Description)));
        writer.WriteStartArray("clients");
        foreach (var client in pool.WebClients)
        {
            writer.WriteStartObject();
            writer.WriteString("name", client.Name);
            writer.WriteString("flow", "authorization_code");
            writer.WriteString("resource", client.Name);
            WriteStrings(writer, "scopes", pool.WebClientScopes);
            writer.WriteString("callbackPath", CognitoUserPoolResource.CallbackPath);
            writer.WriteString("signOutCallbackPath", CognitoUserPoolResource.SignOutCallbackPath);
            writer.WriteEndObject();
        }

        foreach (var client in pool.MachineClients)
        {
            writer.WriteStartObject();
            writer.WriteString("name", client.Name);
            writer.WriteString("flow", "client_credentials");
            WriteStrings(writer, "scopes", client.Scopes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteNamed(Utf8JsonWriter writer, string property, IEnumerable<(string Name, string Description)> items)
    {
        writer.WriteStartArray(property);
        foreach (var (name, description) in items)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("description", description);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string property, IEnumerable<string> values)
    {
        writer.WriteStartArray(property);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
