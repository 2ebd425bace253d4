using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Manifest;

/// <summary>The <c>auth</c> resource of docs/contracts.md: how it is read and what its placeholders become.</summary>
public sealed class UserPoolManifestTests
{
    private static CloudModel Contract() => PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));

    /// <summary>A small manifest with a user pool; <paramref name="clients"/> and the frontend's env vary.</summary>
    private static string Manifest(string frontendEnv, string? clients = null) => $$"""
        { "resources": {
          "auth": { "type": "aws.cognito.userpool.v0",
                    "groups": [ { "name": "viewers", "description": "Read." } ],
                    "scopes": [ { "name": "orders.read", "description": "Read orders." } ],
                    "clients": [ {{clients ?? """
                      { "name": "web", "flow": "authorization_code", "resource": "frontend", "scopes": [ "openid", "orders.read" ],
                        "callbackPath": "/signin-oidc", "signOutCallbackPath": "/signout-callback-oidc" },
                      { "name": "robot", "flow": "client_credentials", "scopes": [ "orders.read" ] }
                      """}} ] },
          "backend": { "type": "project.v0", "path": "B/B.csproj", "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http" } } },
          "frontend": { "type": "project.v0", "path": "F/F.csproj", "env": { {{frontendEnv}} },
                        "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true } } } } }
        """;

    [Fact]
    public void TheContractsUserPoolReadsWithItsGroupsScopesAndClients()
    {
        // Arrange
        var path = TestPaths.ContractManifest;

        // Act
        var pool = ManifestReader.ReadFile(path).UserPool;

        // Assert
        Assert.NotNull(pool);
        Assert.Equal("auth", pool.Name);
        Assert.Equal(["viewers", "editors"], pool.Groups.Select(g => g.Name));
        Assert.Equal(["identities.read", "identities.write"], pool.Scopes.Select(s => s.Name));
        var web = pool.Clients.Single(c => c.Name == "frontend");
        Assert.Equal((ClientFlow.AuthorizationCode, "frontend", "/signin-oidc", "/signout-callback-oidc"), (web.Flow, web.Resource, web.CallbackPath, web.SignOutCallbackPath));
        Assert.Equal(["openid", "profile", "identities.read", "identities.write"], web.Scopes);
        var machine = pool.Clients.Single(c => c.Name == "automation");
        Assert.Equal((ClientFlow.ClientCredentials, (string?)null), (machine.Flow, machine.Resource));
        Assert.Equal("identities/", pool.ScopePrefix);
    }

    [Fact]
    public void AManifestWithoutAUserPoolIsStillDeployable()
    {
        // Arrange
        var path = TestPaths.ThreeProjectsManifest;

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(path));

        // Assert
        Assert.Null(model.UserPool);
        Assert.Empty(model.ClientSecrets);
    }

    [Fact]
    public void TheFrontendsClientSecretBecomesAnEcsSecretNotAnEnvironmentValue()
    {
        // Arrange
        var model = Contract();

        // Act
        var frontend = model.Services.Single(s => s.Name == "frontend");
        var backend = model.Services.Single(s => s.Name == "backend");

        // Assert
        Assert.False(frontend.Environment.ContainsKey("Auth__ClientSecret"));
        Assert.Equal("auth.clients.frontend.secret", frontend.Secrets["Auth__ClientSecret"]);
        Assert.Equal(["frontend"], model.ClientSecrets);
        Assert.DoesNotContain(backend.Secrets.Values, s => s.StartsWith("auth.", StringComparison.Ordinal));
    }

    [Fact]
    public void IssuerClientIdsAndLogoutBecomePoolOutputsAndTheScopePrefixALiteral()
    {
        // Arrange
        var model = Contract();

        // Act
        var frontend = model.Services.Single(s => s.Name == "frontend").Environment;
        var backend = model.Services.Single(s => s.Name == "backend").Environment;

        // Assert
        foreach (var environment in new[] { frontend, backend })
        {
            Assert.Equal([new UserPoolOutputPart(UserPoolOutputPart.Issuer)], environment["Auth__Authority"].Parts);
            Assert.Equal([UserPoolOutputPart.ClientId("frontend")], environment["Auth__Clients__frontend"].Parts);
            Assert.Equal([UserPoolOutputPart.ClientId("automation")], environment["Auth__Clients__automation"].Parts);
            Assert.Equal("identities/", environment["Auth__ScopePrefix"].ToString());
            Assert.Equal("cognito:groups", environment["Auth__GroupsClaim"].ToString());
        }

        Assert.Equal([UserPoolOutputPart.ClientId("frontend")], frontend["Auth__ClientId"].Parts);
        Assert.Equal([new UserPoolOutputPart(UserPoolOutputPart.LogoutEndpoint)], frontend["Auth__LogoutEndpoint"].Parts);
    }

    [Theory]
    [InlineData("{auth.outputs.tokenEndpoint}", "a user pool offers outputs.issuer, outputs.scopePrefix")]
    [InlineData("{auth.outputs.clients.nobody.id}", "'auth' has no client 'nobody' (its clients: web, robot)")]
    [InlineData("{auth.outputs.clients.nobody.secret}", "'auth' has no client 'nobody'")]
    [InlineData("{auth.outputs.clients.web.name}", "a user pool offers outputs.issuer")]
    [InlineData("{auth.issuer}", "a user pool offers outputs.issuer")]
    public void AnUnknownPoolOutputOrClientIsAnErrorNamingTheResourceAndThePlaceholder(string placeholder, string reason)
    {
        // Arrange
        var json = Manifest($"\"X\": \"{placeholder}\"");

        // Act
        var error = Assert.Throws<DeployException>(() => PlaceholderResolver.Resolve(ManifestReader.Read(json)));

        // Assert
        Assert.Contains($"Resource 'frontend': env 'X' holds placeholder '{placeholder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientSecretInsideALongerValueIsAnError()
    {
        // Arrange
        var json = Manifest("\"Login\": \"web:{auth.outputs.clients.web.secret}\"");

        // Act
        var error = Assert.Throws<DeployException>(() => PlaceholderResolver.Resolve(ManifestReader.Read(json)));

        // Assert
        Assert.Contains("Resource 'frontend': env 'Login' holds placeholder '{auth.outputs.clients.web.secret}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a client secret can only be the whole value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "web", "flow": "implicit", "scopes": [ "openid" ] }""", "Resource 'auth.clients[0]': flow 'implicit' is not supported")]
    [InlineData("""{ "name": "robot", "flow": "client_credentials", "scopes": [ "openid" ] }""", "Resource 'auth.clients[0]': scope 'openid' is neither one of the pool's scopes")]
    [InlineData("""{ "name": "web", "flow": "authorization_code", "resource": "frontend", "scopes": [ "orders.write" ], "callbackPath": "/a", "signOutCallbackPath": "/b" }""", "scope 'orders.write' is neither")]
    [InlineData("""{ "name": "web", "flow": "authorization_code", "resource": "frontend", "scopes": [ "openid" ], "callbackPath": "signin", "signOutCallbackPath": "/b" }""", "\"callbackPath\" 'signin' must be a path starting with /")]
    [InlineData("""{ "name": "web", "flow": "authorization_code", "resource": "backend", "scopes": [ "openid" ], "callbackPath": "/a", "signOutCallbackPath": "/b" }""", "Resource 'auth': client 'web' names resource 'backend', which is not a service with an external endpoint")]
    [InlineData("""{ "name": "web.app", "flow": "client_credentials", "scopes": [ "orders.read" ] }""", "name 'web.app' is not one Cognito accepts")]
    public void AClientCognitoWouldRejectIsAnErrorNamingTheResource(string client, string message)
    {
        // Arrange
        var json = Manifest("\"A\": \"1\"", client);

        // Act
        var error = Assert.Throws<DeployException>(() => ManifestReader.Read(json));

        // Assert
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
