using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// Calls a running AppHost's backend as the <c>automation</c> machine client would (scripts, imports): with a
/// client-credentials token from the AppHost's own local provider and its generated secret.
/// </summary>
public static class AutomationClient
{
    private static readonly string[] Scopes = ["identities.read", "identities.write"];

    /// <summary>A client for <paramref name="resource"/>'s http endpoint that sends a fresh automation token.</summary>
    public static async Task<HttpClient> CreateAutomationClientAsync(
        this DistributedApplication app, CancellationToken cancellationToken, string resource = "backend")
    {
        var secret = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ParameterResource>().Single(parameter => parameter.Name == "automation-client-secret");
        var tokens = await LocalAuthTokens.GetClientCredentialsTokenAsync(
            app.GetEndpoint("auth-local", "http"), "automation", (await secret.GetValueAsync(cancellationToken))!, Scopes, cancellationToken);
        var client = app.CreateHttpClient(resource, "http");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }
}
