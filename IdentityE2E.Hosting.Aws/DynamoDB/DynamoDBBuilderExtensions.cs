using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds Amazon DynamoDB and its tables to the model.</summary>
public static class DynamoDBBuilderExtensions
{
    /// <summary>
    /// Adds DynamoDB. In the manifest it becomes <c>aws.dynamodb.v0</c>; call RunAsEmulator for run mode. With
    /// <c>DynamoDB:Mode=Aws</c> run mode uses real tables with an AWS profile instead (see <see cref="DynamoDBAwsOptions"/>).
    /// </summary>
    public static IResourceBuilder<DynamoDBResource> AddDynamoDB(this IDistributedApplicationBuilder builder, string name)
    {
        var resource = new DynamoDBResource(name);
        var dynamodb = builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "DynamoDB",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithIconName("Database")
            .WithAnnotation(new ManifestPublishingCallbackAnnotation(context =>
                context.Writer.WriteString("type", "aws.dynamodb.v0")));

        // The mode is decided here, once, so that RunAsEmulator and AddTable see it in any order. Publishing ignores it.
        if (builder.ExecutionContext.IsRunMode && DynamoDBAwsOptions.ModeOf(builder.Configuration) == DynamoDBMode.Aws)
        {
            DynamoDBAwsMode.Apply(dynamodb, DynamoDBAwsOptions.FromConfiguration(builder.Configuration, Environment.UserName));
        }

        return dynamodb;
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
                table.WriteAccess(context.Writer);
            }));
        if (dynamodb.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            if (dynamodb.Resource.Mode == DynamoDBMode.Aws)
            {
                DynamoDBAwsMode.AddTableHealthCheck(tableBuilder);
            }
            else
            {
                DynamoDBLocalExtensions.AddTableHealthCheck(tableBuilder);
            }
        }

        return tableBuilder;
    }

    /// <summary>Lets a service read and write single items of a table (<see cref="TableAccess.ReadWrite"/>).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<DynamoDBTableResource> table)
        where T : IResourceWithEnvironment =>
        builder.WithReference(table, TableAccess.ReadWrite);

    /// <summary>
    /// Lets a service use a table as <paramref name="access"/> says: it gets the table's physical name under
    /// <c>AWS:Resources:&lt;table&gt;:TableName</c>, and in run mode also DynamoDB Local's endpoint, a region and throwaway
    /// credentials. In the manifest the table name appears as a placeholder and the access with the table; the publisher
    /// turns them into the value and an IAM grant of exactly those operations. Several references of one service add up.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<DynamoDBTableResource> table, TableAccess access)
        where T : IResourceWithEnvironment
    {
        if (!TableAccessNames.IsValid(access))
        {
            throw new ArgumentOutOfRangeException(nameof(access), access, $"'{builder.Resource.Name}' references table '{table.Resource.Name}' with no known operation; name at least one, for example TableAccess.Read.");
        }

        table.Resource.Users.Add((builder.Resource, access));
        var dynamodb = table.Resource.Parent;
        return builder
            .WithReferenceRelationship(table.Resource)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables[table.Resource.ConfigurationKey] = table.Resource.TableName;
                if (context.ExecutionContext.IsRunMode && dynamodb.AwsOptions is { } aws)
                {
                    // Real tables: the service signs with the developer's profile, as the AWS CLI did.
                    context.EnvironmentVariables["AWS_PROFILE"] = aws.Profile;
                    context.EnvironmentVariables["AWS_REGION"] = aws.Region;
                    return;
                }

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
        // Exactly what a key ring repository does: store a new key once (PutItem, never overwriting) and read them
        // all (Scan). No key is changed or removed, and nobody asks the table for its state.
        builder.WithReference(table, KeyRingAccess).WithEnvironment(context =>
        {
            if (!context.ExecutionContext.IsRunMode)
            {
                context.EnvironmentVariables["DataProtection__KmsKeyId"] = table.Resource.EncryptionKeyArn;
            }
        });

    /// <summary>What a data-protection key ring does with its table.</summary>
    public const TableAccess KeyRingAccess = TableAccess.Put | TableAccess.Scan;
}
