using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class SignInTests(SynthesizedEnvironments environments)
{
    private static readonly string[] PasswordRules = ["RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"];

    private static readonly string[] WebScopes = ["\"openid\"", "\"profile\"", "/identities.read", "/identities.write"];

    private static JsonObject PoolOf(StackTemplate app) => Assert.Single(app.OfType("AWS::Cognito::UserPool")).Resource;

    private static JsonNode ClientNamed(StackTemplate app, string name) =>
        app.OfType("AWS::Cognito::UserPoolClient").Single(c => c.Resource["Properties"]!["ClientName"]!.GetValue<string>() == name).Resource["Properties"]!;

    private static string Text(JsonNode? node) => node!.ToJsonString();

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ProdRequiresAnAuthenticatorAppAndDevMakesItOptionalNeverSms()
    {
        // Arrange
        var prod = (await environments.Prod(TestContext.Current.CancellationToken)).Application;
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var (prodPool, devPool) = (PoolOf(prod)["Properties"]!, PoolOf(dev)["Properties"]!);

        // Assert
        Assert.Equal("ON", prodPool["MfaConfiguration"]!.GetValue<string>());
        Assert.Equal("OPTIONAL", devPool["MfaConfiguration"]!.GetValue<string>());
        Assert.All(new[] { prodPool, devPool }, pool => Assert.Equal("""["SOFTWARE_TOKEN_MFA"]""", Text(pool["EnabledMfas"])));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheProdPoolIsDeletionProtectedAndRetainedAndTheDevPoolGoesWithItsStack()
    {
        // Arrange
        var prod = (await environments.Prod(TestContext.Current.CancellationToken)).Application;
        var dev = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var (prodPool, devPool) = (PoolOf(prod), PoolOf(dev));

        // Assert
        Assert.Equal(("ACTIVE", "Retain", "Retain"), (prodPool["Properties"]!["DeletionProtection"]!.GetValue<string>(), prodPool["DeletionPolicy"]!.GetValue<string>(), prodPool["UpdateReplacePolicy"]!.GetValue<string>()));
        Assert.Equal(("INACTIVE", "Delete"), (devPool["Properties"]!["DeletionProtection"]!.GetValue<string>(), devPool["DeletionPolicy"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyAdministratorsCreateAccountsWithStrongPasswordsAndThreatProtection()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var pool = PoolOf(app)["Properties"]!;

        // Assert
        Assert.True(pool["AdminCreateUserConfig"]!["AllowAdminCreateUserOnly"]!.GetValue<bool>());
        var password = pool["Policies"]!["PasswordPolicy"]!;
        Assert.Equal(StaffUserPool.MinimumPasswordLength, password["MinimumLength"]!.GetValue<int>());
        Assert.All(PasswordRules, rule => Assert.True(password[rule]!.GetValue<bool>(), rule));
        Assert.False(pool["UsernameConfiguration"]!["CaseSensitive"]!.GetValue<bool>());
        Assert.Equal(("""["email"]""", """["email"]"""), (Text(pool["AliasAttributes"]), Text(pool["AutoVerifiedAttributes"])));
        Assert.Equal(("ENFORCED", "PLUS"), (pool["UserPoolAddOns"]!["AdvancedSecurityMode"]!.GetValue<string>(), pool["UserPoolTier"]!.GetValue<string>()));
        Assert.Equal("""{"RecoveryMechanisms":[{"Name":"verified_email","Priority":1}]}""", Text(pool["AccountRecoverySetting"]));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheManifestsGroupsAndScopesExistInThePool()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var groups = app.OfType("AWS::Cognito::UserPoolGroup").Select(g => g.Resource["Properties"]!).ToList();
        var server = Assert.Single(app.OfType("AWS::Cognito::UserPoolResourceServer")).Resource["Properties"]!;

        // Assert
        Assert.Equal(synthesized.Model.UserPool!.Groups.Select(g => (g.Name, g.Description)), groups.Select(g => (g["GroupName"]!.GetValue<string>(), g["Description"]!.GetValue<string>())));
        Assert.Equal("identities", server["Identifier"]!.GetValue<string>());
        Assert.Equal(["identities.read", "identities.write"], server["Scopes"]!.AsArray().Select(s => s!["ScopeName"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheFrontendClientUsesTheCodeFlowAndRedirectsOnlyToTheApplicationsCloudFrontUrl()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var distribution = app.LogicalIdOf("AWS::CloudFront::Distribution", "EdgeDistribution");

        // Act
        var client = ClientNamed(app, "frontend");

        // Assert
        Assert.Equal(("""["code"]""", true), (Text(client["AllowedOAuthFlows"]), client["GenerateSecret"]!.GetValue<bool>()));
        Assert.Equal("""["ALLOW_REFRESH_TOKEN_AUTH"]""", Text(client["ExplicitAuthFlows"]));
        Assert.Equal($$"""[{"Fn::Join":["",["https://",{"Fn::GetAtt":["{{distribution}}","DomainName"]},"/signin-oidc"]]}]""", Text(client["CallbackURLs"]));
        Assert.Equal($$"""[{"Fn::Join":["",["https://",{"Fn::GetAtt":["{{distribution}}","DomainName"]},"/signout-callback-oidc"]]}]""", Text(client["LogoutURLs"]));
        var scopes = Text(client["AllowedOAuthScopes"]);
        Assert.All(WebScopes, scope => Assert.Contains(scope, scopes, StringComparison.Ordinal));
        Assert.Equal(("ENABLED", 15, "minutes", 720, "minutes"), (
            client["PreventUserExistenceErrors"]!.GetValue<string>(),
            client["AccessTokenValidity"]!.GetValue<int>(),
            client["TokenValidityUnits"]!["AccessToken"]!.GetValue<string>(),
            client["RefreshTokenValidity"]!.GetValue<int>(),
            client["TokenValidityUnits"]!["RefreshToken"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithACertificateTheFrontendClientRedirectsToTheEnvironmentsOwnDomain()
    {
        // Arrange
        var app = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;

        // Act
        var client = ClientNamed(app, "frontend");

        // Assert
        Assert.Equal($"""["https://{SynthesizedEnvironments.DomainName}/signin-oidc"]""", Text(client["CallbackURLs"]));
        Assert.Equal($"""["https://{SynthesizedEnvironments.DomainName}/signout-callback-oidc"]""", Text(client["LogoutURLs"]));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheAutomationClientUsesClientCredentialsWithTheApiScopesOnly()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var client = ClientNamed(app, "automation");

        // Assert
        Assert.Equal(("""["client_credentials"]""", true), (Text(client["AllowedOAuthFlows"]), client["GenerateSecret"]!.GetValue<bool>()));
        var scopes = client["AllowedOAuthScopes"]!.AsArray().Select(Text).ToList();
        Assert.Equal(2, scopes.Count);
        Assert.All(scopes, scope => Assert.Contains("/identities.", scope, StringComparison.Ordinal));
        Assert.Null(client["CallbackURLs"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheLoginDomainIsACognitoPrefixMadeOfTheEnvironmentAndTheStacksId()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var domain = Assert.Single(app.OfType("AWS::Cognito::UserPoolDomain")).Resource["Properties"]!;

        // Assert
        Assert.Null(domain["CustomDomainConfig"]);
        var parts = domain["Domain"]!["Fn::Join"]![1]!.AsArray();
        Assert.Equal("-", domain["Domain"]!["Fn::Join"]![0]!.GetValue<string>());
        Assert.Equal("identitye2e-dev", parts[0]!.GetValue<string>());
        // The rest is the first block of the stack's GUID: lower-case hex, unique per stack.
        Assert.Equal("""{"Fn::Select":[0,{"Fn::Split":["-",{"Fn::Select":[2,{"Fn::Split":["/",{"Ref":"AWS::StackId"}]}]}]}]}""", Text(parts[1]));
        Assert.Equal(2, parts.Count);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task BackendAndFrontendGetTheIssuerTheClientIdsAndTheScopePrefix()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var pool = app.LogicalIdOf("AWS::Cognito::UserPool", "SignInPool");
        var frontendClient = app.LogicalIdOf("AWS::Cognito::UserPoolClient", "SignInPoolClientfrontend");
        var automationClient = app.LogicalIdOf("AWS::Cognito::UserPoolClient", "SignInPoolClientautomation");

        // Act
        var backend = StackTemplate.EnvironmentOf(app.AppContainer("backend"));
        var frontend = StackTemplate.EnvironmentOf(app.AppContainer("frontend"));

        // Assert
        foreach (var environment in new[] { backend, frontend })
        {
            Assert.Equal($$"""{"Fn::Join":["",["https://cognito-idp.us-east-1.amazonaws.com/",{"Ref":"{{pool}}"}]]}""", environment["Auth__Authority"]);
            Assert.Equal($$"""{"Ref":"{{frontendClient}}"}""", environment["Auth__Clients__frontend"]);
            Assert.Equal($$"""{"Ref":"{{automationClient}}"}""", environment["Auth__Clients__automation"]);
            Assert.Equal("identities/", environment["Auth__ScopePrefix"]);
            Assert.Equal("cognito:groups", environment["Auth__GroupsClaim"]);
        }

        Assert.Equal($$"""{"Ref":"{{frontendClient}}"}""", frontend["Auth__ClientId"]);
        Assert.Contains(".auth.us-east-1.amazoncognito.com/logout", frontend["Auth__LogoutEndpoint"], StringComparison.Ordinal);
        Assert.DoesNotContain("Auth__LogoutEndpoint", backend.Keys);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheClientSecretReachesOnlyTheFrontendAsAnEcsSecretAndIsInNoTemplate()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var secret = app.LogicalIdOf("AWS::SecretsManager::Secret", "SignInClientSecretfrontend");

        // Act
        var frontend = app.AppContainer("frontend");
        var backend = app.AppContainer("backend");

        // Assert
        var injected = Assert.Single(frontend["Secrets"]!.AsArray(), s => s!["Name"]!.GetValue<string>() == "Auth__ClientSecret")!;
        Assert.Equal(secret, injected["ValueFrom"]!["Ref"]!.GetValue<string>());
        Assert.DoesNotContain("Auth__ClientSecret", StackTemplate.EnvironmentOf(frontend).Keys);
        Assert.DoesNotContain(secret, Text(backend), StringComparison.Ordinal);
        var stored = app.Resource(secret)["Properties"]!;
        Assert.Equal("UserPoolClient.ClientSecret", stored["SecretString"]!["Fn::GetAtt"]![1]!.GetValue<string>());
        Assert.NotNull(stored["KmsKeyId"]);
        Assert.All(app.OfType("AWS::Cognito::UserPoolClient"), c => Assert.Null(c.Resource["Properties"]!["ClientSecret"]));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyTheFrontendsExecutionRoleMayReadTheClientSecret()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var secret = app.LogicalIdOf("AWS::SecretsManager::Secret", "SignInClientSecretfrontend");

        // Act
        var readers = app.OfType("AWS::IAM::Policy")
            .Where(p => Text(p.Resource["Properties"]!["PolicyDocument"]).Contains($"\"Ref\":\"{secret}\"", StringComparison.Ordinal))
            .SelectMany(p => p.Resource["Properties"]!["Roles"]!.AsArray().Select(r => r!["Ref"]!.GetValue<string>()))
            .ToList();

        // Assert
        var frontendExecutionRole = app.Resource(app.LogicalIdOf("AWS::ECS::TaskDefinition", "frontendTask"))["Properties"]!["ExecutionRoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        Assert.Equal([frontendExecutionRole], readers);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheSecretCopyingCustomResourceLogsNoResponseData()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var readers = app.OfType("Custom::CognitoClientSecret");

        // Assert
        var call = Assert.Single(readers).Resource["Properties"]!["Create"]!["Fn::Join"]![1]!.AsArray();
        var literal = string.Concat(call.OfType<JsonValue>().Select(part => part.GetValue<string>()));
        Assert.Contains("\"logApiResponseData\":false", literal, StringComparison.Ordinal);
        Assert.Contains("\"outputPaths\":[\"UserPoolClient.ClientSecret\"]", literal, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AManifestWithoutAUserPoolSynthesizesWithoutCognito()
    {
        // Arrange
        var app = (await environments.ThreeProjects(TestContext.Current.CancellationToken)).Application;

        // Act
        var cognito = app.Resources.Where(r => r.Value!["Type"]!.GetValue<string>().StartsWith("AWS::Cognito::", StringComparison.Ordinal));

        // Assert
        Assert.Empty(cognito);
        Assert.Empty(app.OfType("Custom::CognitoClientSecret"));
    }
}
