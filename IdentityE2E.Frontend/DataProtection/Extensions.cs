using Amazon.DynamoDBv2;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Frontend.DataProtection;

internal static class Extensions
{
    /// <summary>The configuration key of the key-ring table's physical name (set by the AppHost's WithReference).</summary>
    public const string TableNameKey = "AWS:Resources:keyring:TableName";

    /// <summary>
    /// Shares the data-protection key ring between replicas through the DynamoDB table the AppHost gives the
    /// frontend. Without that setting (a frontend run on its own) the default per-machine key ring is used.
    /// </summary>
    public static IHostApplicationBuilder AddSharedKeyRing(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("IdentityE2E.Frontend");
        if (builder.Configuration[TableNameKey] is not { Length: > 0 } tableName)
        {
            return builder;
        }

        builder.Services.AddDefaultAWSOptions(builder.Configuration.GetAWSOptions());
        builder.Services.AddAWSService<IAmazonDynamoDB>((config, _) =>
        {
            config.Timeout = TimeSpan.FromSeconds(5);
            config.MaxErrorRetry = 3;
        });
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new DynamoDBXmlRepository(services.GetRequiredService<IAmazonDynamoDB>(), tableName)));
        return builder;
    }
}
