extern alias backend;

using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using IdentityE2E.Tests.Infrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.Backend;

/// <summary>
/// The backend in-process on a real Kestrel (so request limits behave as in production), pointed at a
/// DynamoDB endpoint through configuration only: no process-wide environment variables.
/// </summary>
public sealed class BackendFactory(string serviceUrl, string tableName) : WebApplicationFactory<backend::Program>
{
    public const string SigningKey = "backend-tests-signing-key-0123456789abcdef";

    public BackendFactory Start()
    {
        this.StartOnLoopbackKestrel();
        return this;
    }

    /// <summary>A client that sends the bearer token of <paramref name="caller"/> on every request.</summary>
    public HttpClient CreateClient(Caller caller)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(caller));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("AWS:Region", "us-east-1");
        builder.UseSetting("AWS:ServiceURL", serviceUrl);
        builder.UseSetting("AWS:Resources:identities:TableName", tableName);
        builder.UseSetting("Cursor:SigningKey", SigningKey);
        // The settings WithReference(auth) gives the backend in run mode (docs/contracts.md).
        builder.UseSetting("Auth:Authority", TestTokens.Issuer);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Auth:GroupsClaim", TestTokens.GroupsClaim);
        builder.UseSetting("Auth:ScopePrefix", "");
        builder.UseSetting("Auth:Clients:frontend", "frontend");
        builder.UseSetting("Auth:Clients:automation", "automation");
        builder.ConfigureTestServices(services =>
        {
            // DynamoDB Local accepts any credentials; these keep the SDK from searching the machine for real ones.
            services.AddDefaultAWSOptions(provider =>
            {
                var options = provider.GetRequiredService<IConfiguration>().GetAWSOptions();
                options.Credentials = new BasicAWSCredentials(DynamoDBLocal.AccessKeyId, DynamoDBLocal.SecretAccessKey);
                return options;
            });

            // THE ONE TEST SEAM of sign-in, until IdentityE2E.LocalAuth can issue tokens here: the issuer's
            // key and name come from TestTokens instead of the Authority's metadata. Everything else
            // (lifetime, signature check, client binding, policies) is the production configuration.
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.ConfigurationManager = null;
                jwt.TokenValidationParameters.ValidIssuer = TestTokens.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = TestTokens.SigningKey;
            });
        });
    }
}
