using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Creates the model's tables in DynamoDB Local when they are missing; never alters an existing one.</summary>
internal static class DynamoDBTableProvisioner
{
    /// <summary>A client for DynamoDB Local with the emulator's throwaway credentials and short timeouts.</summary>
    public static AmazonDynamoDBClient CreateLocalClient(string serviceUrl) => new(
        new BasicAWSCredentials(DynamoDBLocal.AccessKeyId, DynamoDBLocal.SecretAccessKey),
        new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(5),
            MaxErrorRetry = 1,
        });

    /// <summary>Creates the table unless it exists and turns on its time to live; returns whether it created it.</summary>
    public static async Task<bool> EnsureCreatedAsync(
        IAmazonDynamoDB client, DynamoDBTableDefinition definition, string physicalName, ILogger logger, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(client, physicalName, cancellationToken))
        {
            logger.LogInformation("Table {Table} exists; left as it is", physicalName);
            return false;
        }

        try
        {
            await client.CreateTableAsync(definition.ToCreateTableRequest(physicalName), cancellationToken);
        }
        catch (ResourceInUseException)
        {
            return false; // created by a concurrent start; same definition
        }

        if (definition.TimeToLiveAttribute is { } ttl)
        {
            await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = physicalName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = ttl, Enabled = true },
            }, cancellationToken);
        }

        logger.LogInformation("Created table {Table}", physicalName);
        return true;
    }

    /// <summary>Whether the table exists and is active.</summary>
    public static async Task<bool> ExistsAsync(IAmazonDynamoDB client, string physicalName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(physicalName, cancellationToken);
            return response.Table.TableStatus == TableStatus.ACTIVE;
        }
        catch (ResourceNotFoundException)
        {
            return false;
        }
    }
}
