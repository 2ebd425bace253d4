extern alias backend;

using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using IdentityE2E.Tests.Infrastructure;
using Aspire.Hosting.ApplicationModel;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("AWS:Region", "us-east-1");
        builder.UseSetting("AWS:ServiceURL", serviceUrl);
        builder.UseSetting("AWS:Resources:identities:TableName", tableName);
        builder.UseSetting("Cursor:SigningKey", SigningKey);
        builder.ConfigureTestServices(services =>
            // DynamoDB Local accepts any credentials; these keep the SDK from searching the machine for real ones.
            services.AddDefaultAWSOptions(provider =>
            {
                var options = provider.GetRequiredService<IConfiguration>().GetAWSOptions();
                options.Credentials = new BasicAWSCredentials(DynamoDBLocal.AccessKeyId, DynamoDBLocal.SecretAccessKey);
                return options;
            }));
    }
}
