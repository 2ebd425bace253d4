using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace IdentityE2E.Tests.Hosting;

/// <summary>The sign-in part of the AppHost's model in run mode, as built; nothing is started.</summary>
public sealed class UserPoolModelTests
{
    [Fact]
    public async Task RunModeRunsTheLocalProviderWithGeneratedSecretParametersForItsUsersAndMachineClient()
    {
        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true"], TestContext.Current.CancellationToken);

        // Assert
        var pool = Assert.IsType<CognitoUserPoolResource>(builder.Resources.Single(r => r.Name == "auth"));
        var local = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == "auth-local"), exactMatch: false);
        Assert.Same(local, pool.Emulator);
        foreach (var name in new[] { "editor-password", "viewer-password", "automation-client-secret" })
        {
            var parameter = Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == name));
            Assert.True(parameter.Secret, $"{name} is a secret parameter");
        }
    }

    [Fact]
    public async Task OnlyTheServiceABrowserReachesGetsAWebClientAndEveryReferenceGetsTheIssuerAndClientIds()
    {
        // Arrange
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true"], TestContext.Current.CancellationToken);

        // Act
        var frontend = await EnvironmentOfAsync(builder, "frontend");
        var backend = await EnvironmentOfAsync(builder, "backend");

        // Assert
        foreach (var env in new[] { frontend, backend })
        {
            Assert.IsType<EndpointReference>(env["Auth__Authority"]);
            Assert.Equal("groups", env["Auth__GroupsClaim"]);
            Assert.Equal("frontend", env["Auth__Clients__frontend"]);
            Assert.Equal("automation", env["Auth__Clients__automation"]);
        }

        Assert.Equal("frontend", frontend["Auth__ClientId"]);
        Assert.IsType<string>(frontend["Auth__ClientSecret"]);
        Assert.False(backend.ContainsKey("Auth__ClientId"), "the backend only validates tokens");
        Assert.False(backend.ContainsKey("Auth__ClientSecret"), "the backend holds no client secret");
    }

    [Fact]
    public async Task TheLocalProviderKnowsTheFrontendsSecretAndCallbackAndTheSeededUsersGroups()
    {
        // Arrange
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true"], TestContext.Current.CancellationToken);

        // Act
        var local = await EnvironmentOfAsync(builder, "auth-local");
        var frontend = await EnvironmentOfAsync(builder, "frontend");

        // Assert
        Assert.Equal(frontend["Auth__ClientSecret"], local["LocalAuth__Clients__frontend__Secret"]);
        Assert.Equal("authorization_code", local["LocalAuth__Clients__frontend__Flow"]);
        Assert.Contains("/signin-oidc", Assert.IsType<ReferenceExpression>(local["LocalAuth__Clients__frontend__RedirectUris__0"]).Format, StringComparison.Ordinal);
        Assert.Equal("client_credentials", local["LocalAuth__Clients__automation__Flow"]);
        Assert.Equal("editors", local["LocalAuth__Users__editor__Groups__0"]);
        Assert.Equal("viewers", local["LocalAuth__Users__viewer__Groups__0"]);
        Assert.IsType<ParameterResource>(local["LocalAuth__Users__editor__Password"]);
    }

    [Fact]
    public async Task DynamoDBAdminIsAToolOfTheEmulatorWhateverTheOrderOfTheCalls()
    {
        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true"], TestContext.Current.CancellationToken);

        // Assert
        var admin = builder.Resources.Single(r => r.Name == "dynamodb-admin");
        var emulator = Assert.IsType<DynamoDBLocalResource>(builder.Resources.Single(r => r.Name == "dynamodb-local"));
        var dynamodb = Assert.IsType<DynamoDBResource>(builder.Resources.Single(r => r.Name == "dynamodb"));
        Assert.Same(emulator, dynamodb.Emulator);
        Assert.Contains(admin.Annotations.OfType<ResourceRelationshipAnnotation>(), relation => relation.Resource == emulator);
    }

    private static async Task<Dictionary<string, object>> EnvironmentOfAsync(IDistributedApplicationTestingBuilder builder, string name)
    {
        var resource = (IResourceWithEnvironment)builder.Resources.Single(r => r.Name == name);
        var env = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, env, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return env;
    }
}
