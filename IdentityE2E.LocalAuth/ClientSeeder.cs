using IdentityE2E.LocalAuth.Configuration;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityE2E.LocalAuth;

/// <summary>Registers the configured clients and API scopes before the provider takes requests.</summary>
internal sealed class ClientSeeder(IServiceProvider services, IOptions<LocalAuthOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var scopes = scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();

        foreach (var name in options.Value.Scopes)
        {
            await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = name }, cancellationToken);
        }

        foreach (var (clientId, client) in options.Value.Clients)
        {
            await applications.CreateAsync(Describe(clientId, client), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static OpenIddictApplicationDescriptor Describe(string clientId, LocalClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = clientId,
            // First-party clients only: no consent screen.
            ConsentType = ConsentTypes.Implicit,
            Permissions = { Permissions.Endpoints.Token },
        };

        if (client.Flow == LocalClient.ClientCredentials)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            descriptor.Permissions.UnionWith(
            [
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(uri => new Uri(uri)));
            descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(uri => new Uri(uri)));
        }

        descriptor.Permissions.UnionWith(client.Scopes.Select(scope => Permissions.Prefixes.Scope + scope));
        return descriptor;
    }
}
