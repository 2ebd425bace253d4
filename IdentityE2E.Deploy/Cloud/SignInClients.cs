using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>The app clients of the user pool: web clients for people, machine clients for programs.</summary>
internal static class SignInClients
{
    /// <summary>
    /// A confidential web client: authorization code only (Cognito requires PKCE of public clients and
    /// accepts it from confidential ones), redirecting only to the application's own public URL.
    /// </summary>
    public static UserPoolClient Web(UserPool pool, UserPoolResourceServer server, UserPoolClientResource model, string applicationUrl)
    {
        var client = pool.AddClient($"Client{model.Name}", new UserPoolClientOptions
        {
            UserPoolClientName = model.Name,
            GenerateSecret = true,
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { AuthorizationCodeGrant = true },
                Scopes = [.. model.Scopes.Select(scope => Scope(server, scope))],
                CallbackUrls = [$"{applicationUrl}{model.CallbackPath}"],
                LogoutUrls = [$"{applicationUrl}{model.SignOutCallbackPath}"],
            },
            SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
            // "Incorrect user name or password" whether or not the account exists.
            PreventUserExistenceErrors = true,
            // Short access and id tokens limit what a stolen token is worth; the refresh token covers a
            // working day, so staff sign in about once a day.
            AccessTokenValidity = Duration.Minutes(15),
            IdTokenValidity = Duration.Minutes(15),
            RefreshTokenValidity = Duration.Hours(12),
            EnableTokenRevocation = true,
        });
        RefreshTokensOnly(client);
        return client;
    }

    /// <summary>A machine client: client credentials with the pool's API scopes, nothing else.</summary>
    public static UserPoolClient Machine(UserPool pool, UserPoolResourceServer server, UserPoolClientResource model)
    {
        var client = pool.AddClient($"Client{model.Name}", new UserPoolClientOptions
        {
            UserPoolClientName = model.Name,
            GenerateSecret = true,
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { ClientCredentials = true },
                Scopes = [.. model.Scopes.Select(scope => Scope(server, scope))],
            },
            SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
            PreventUserExistenceErrors = true,
            // Every token request is billed (machine-to-machine pricing); a program caches its token for the hour.
            AccessTokenValidity = Duration.Minutes(60),
            EnableTokenRevocation = true,
        });
        RefreshTokensOnly(client);
        return client;
    }

    /// <summary>
    /// No password flows (USER_PASSWORD, SRP, custom) on the client: people sign in on Cognito's login
    /// pages only. CDK's L2 cannot express "refresh only" (an empty authFlows means Cognito's defaults).
    /// </summary>
    private static void RefreshTokensOnly(UserPoolClient client) =>
        ((CfnUserPoolClient)client.Node.DefaultChild!).ExplicitAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH"];

    private static OAuthScope Scope(UserPoolResourceServer server, string scope) => scope switch
    {
        "openid" => OAuthScope.OPENID,
        "profile" => OAuthScope.PROFILE,
        "email" => OAuthScope.EMAIL,
        "phone" => OAuthScope.PHONE,
        "aws.cognito.signin.user.admin" => OAuthScope.COGNITO_ADMIN,
        _ => OAuthScope.ResourceServer(server, new ResourceServerScope(new ResourceServerScopeProps { ScopeName = scope, ScopeDescription = scope })),
    };
}
