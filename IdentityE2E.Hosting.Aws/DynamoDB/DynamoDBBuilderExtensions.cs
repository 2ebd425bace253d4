using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds Amazon DynamoDB and its tables to the model.</summary>
public static class DynamoDBBuilderExtensions
{
    /// <summary>Adds DynamoDB. In the manifest it becomes <c>aws.dynamodb.v0</c>; call RunAsEmulator for run mode.</summary>
    public static IResourceBuilder<DynamoDBResource> AddDynamoDB(this IDistributedApplicationBuilder builder, string name)
    {
        var resource = new DynamoDBResource(name);
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "DynamoDB",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithIconName("Database")
            .WithAnnotation(new ManifestPublishingCallbackAnnotation(context =>
                context.Writer.WriteString("type", "aws.dynamodb.v0")));
    }

    /// <summary>Adds a table, defined once for DynamoDB Local and the cloud.</summary>
    public static IResourceBuilder<DynamoDBTableResource> AddTable(
        this IResourceBuilder<DynamoDBResource> dynamodb, string name, Action<DynamoDBTableDefinition> define)
    {
        var definition = new DynamoDBTableDefinition();
        define(definition);
        definition.Validate(name);

        var table = new DynamoDBTableResource(name, dynamodb.Resource, definition);
        dynamodb.Resource.Tables.Add(table);
        var tableBuilder = dynamodb.ApplicationBuilder.AddResource(table)
            .WithParentRelationship(dynamodb)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "DynamoDBTable",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithIconName("Table")
            .WithAnnotation(new ManifestPublishingCallbackAnnotation(context =>
            {
                context.Writer.WriteString("type", "aws.dynamodb.table.v0");
                context.Writer.WriteString("parent", dynamodb.Resource.Name);
                definition.WriteManifest(context.Writer);
            }));
        if (dynamodb.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            DynamoDBLocalExtensions.AddTableHealthCheck(tableBuilder);
        }

        return tableBuilder;
    }

    /// <summary>
    /// Lets a service use a table: it gets the table's physical name under <c>AWS:Resources:&lt;table&gt;:TableName</c>,
    /// and in run mode also DynamoDB Local's endpoint, a region and throwaway credentials. In the manifest only the
    /// table name appears, as a placeholder; the publisher turns it into the value and an IAM grant.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<DynamoDBTableResource> table)
        where T : IResourceWithEnvironment
    {
        var dynamodb = table.Resource.Parent;
        return builder
            .WithReferenceRelationship(table.Resource)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables[table.Resource.ConfigurationKey] = table.Resource.TableName;
                if (!context.ExecutionContext.IsRunMode || dynamodb.EmulatorEndpoint is null)
                {
                    return;
                }

                context.EnvironmentVariables["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb.EmulatorEndpoint;
                context.EnvironmentVariables["AWS_REGION"] = dynamodb.Region;
                // DynamoDB Local runs with -sharedDb and ignores credentials; these only satisfy the SDK's
                // signer and are valid nowhere else.
                context.EnvironmentVariables["AWS_ACCESS_KEY_ID"] = DynamoDBLocal.AccessKeyId;
                context.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"] = DynamoDBLocal.SecretAccessKey;
            });
    }

    /// <summary>
    /// Keeps a service's ASP.NET data-protection key ring in <paramref name="table"/>: the table reference, and in the
    /// cloud the table's KMS key as <c>DataProtection:KmsKeyId</c>, with which the service encrypts each key before
    /// storing it (the publisher grants encrypt and decrypt for that purpose only). DynamoDB Local has no KMS.
    /// </summary>
    public static IResourceBuilder<T> WithDataProtectionKeyRing<T>(this IResourceBuilder<T> builder, IResourceBuilder<DynamoDBTableResource> table)
        where T : IResourceWithEnvironment =>
        builder.WithReference(table).WithEnvironment(context =>
        {
            if (!context.ExecutionContext.IsRunMode)
            {
                context.EnvironmentVariables["DataProtection__KmsKeyId"] = table.Resource.EncryptionKeyArn;
            }
        });
}
