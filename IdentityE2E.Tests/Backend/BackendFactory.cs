extern alias backend;

using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.Backend;

/// <summary>
/// The backend in-process on a real Kestrel (so request limits behave as in production), pointed at a
/// DynamoDB endpoint and at the local sign-in provider through configuration only: no process-wide
/// environment variables. The backend fetches the provider's metadata and keys as in production.
/// Any further setting comes in through <c>settings</c>.
/// </summary>
public sealed class BackendFactory(string serviceUrl, string tableName, LocalAuthFactory provider, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<backend::Program>
{
    public const string SigningKey = "backend-tests-signing-key-0123456789abcdef";

    /// <summary>The callers' tokens and the refused ones, from <paramref name="provider"/>, kept for this backend's tests.</summary>
    public BackendTokens Tokens { get; } = new(provider);

    public BackendFactory Start()
    {
        this.StartOnLoopbackKestrel();
        return this;
    }

    /// <summary>A client that sends the bearer token of <paramref name="caller"/> on every request.</summary>
    public HttpClient CreateClient(Caller caller) => CreateDefaultClient(new BearerTokenHandler(Tokens, caller));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Tokens.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("AWS:Region", "us-east-1");
        builder.UseSetting("AWS:ServiceURL", serviceUrl);
        builder.UseSetting("AWS:Resources:identities:TableName", tableName);
        builder.UseSetting("Cursor:SigningKey", SigningKey);
        // The settings WithReference(auth) gives the backend in run mode (docs/contracts.md).
        builder.UseSetting("Auth:Authority", Tokens.Provider.Authority.AbsoluteUri);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Auth:GroupsClaim", "groups");
        builder.UseSetting("Auth:ScopePrefix", "");
        builder.UseSetting($"Auth:Clients:{LocalAuthFactory.WebClientId}", LocalAuthFactory.WebClientId);
        builder.UseSetting($"Auth:Clients:{LocalAuthFactory.MachineClientId}", LocalAuthFactory.MachineClientId);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            // DynamoDB Local accepts any credentials; these keep the SDK from searching the machine for real ones.
            services.AddDefaultAWSOptions(serviceProvider =>
            {
                var options = serviceProvider.GetRequiredService<IConfiguration>().GetAWSOptions();
                options.Credentials = new BasicAWSCredentials(DynamoDBLocal.AccessKeyId, DynamoDBLocal.SecretAccessKey);
                return options;
            });
        });
    }
}
