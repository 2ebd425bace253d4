using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Frontend.DataProtection;

internal static class Extensions
{
    /// <summary>The configuration key of the key-ring table's physical name (set by the AppHost's WithReference).</summary>
    public const string TableNameKey = "AWS:Resources:keyring:TableName";

    /// <summary>The KMS key that encrypts the keys at rest (set by the AppHost's WithDataProtectionKeyRing when published).</summary>
    public const string KmsKeyIdKey = "DataProtection:KmsKeyId";

    /// <summary>
    /// Shares the data-protection key ring between replicas through the DynamoDB table the AppHost gives the
    /// frontend. Without that setting (a frontend run on its own) the default per-machine key ring is used.
    /// </summary>
    public static IHostApplicationBuilder AddSharedKeyRing(this IHostApplicationBuilder builder)
    {
        const string applicationName = "IdentityE2E.Frontend";
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(applicationName);
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
                options.XmlRepository = new DynamoDBXmlRepository(
                    services.GetRequiredService<IAmazonDynamoDB>(), tableName, services.GetRequiredService<ILogger<DynamoDBXmlRepository>>())));

        // In the cloud the keys are encrypted with the table's KMS key before they are stored. DynamoDB Local has
        // no KMS, so on a laptop they stay plain in the local emulator's files, which never leave the machine.
        if (builder.Configuration[KmsKeyIdKey] is { Length: > 0 } keyId)
        {
            builder.Services.AddAWSService<IAmazonKeyManagementService>();
            builder.Services.AddSingleton(new KmsKeyRingSettings(keyId, applicationName));
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
                new ConfigureOptions<KeyManagementOptions>(options =>
                    options.XmlEncryptor = new KmsXmlEncryptor(services.GetRequiredService<IAmazonKeyManagementService>(), keyId, applicationName)));
        }

        return builder;
    }
}
