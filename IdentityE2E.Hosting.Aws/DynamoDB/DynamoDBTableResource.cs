namespace Aspire.Hosting.ApplicationModel;

/// <summary>A DynamoDB table of the model: one definition for DynamoDB Local and for the cloud.</summary>
public sealed class DynamoDBTableResource(string name, DynamoDBResource parent, DynamoDBTableDefinition definition)
    : Resource(name), IResourceWithParent<DynamoDBResource>
{
    public DynamoDBResource Parent { get; } = parent;

    public DynamoDBTableDefinition Definition { get; } = definition;

    /// <summary>
    /// The physical name: the resource name in run mode; in the cloud CloudFormation names the table and
    /// the publisher resolves <see cref="TableName"/> to it.
    /// </summary>
    public string PhysicalName => Name;

    /// <summary>The table name as a value: the physical name in run mode, a manifest placeholder when published.</summary>
    public TableNameReference TableName => new(this);

    /// <summary>The ARN of the KMS key that encrypts the table in the cloud: <c>{table.outputs.encryptionKeyArn}</c>; nothing in run mode.</summary>
    public TableOutputReference EncryptionKeyArn => new(this, "encryptionKeyArn");

    /// <summary>The configuration key the AWS conventions use for a resource's physical name.</summary>
    public string ConfigurationKey => $"AWS__Resources__{Name}__TableName";
}

/// <summary>A table's physical name, written to the manifest as <c>{table.outputs.tableName}</c>.</summary>
public sealed class TableNameReference(DynamoDBTableResource table) : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{table.Name}.outputs.tableName}}";

    public IEnumerable<object> References => [table];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<string?>(table.PhysicalName);
}

/// <summary>A value of the cloud table that only CloudFormation knows, written to the manifest as <c>{table.outputs.&lt;name&gt;}</c>.</summary>
public sealed class TableOutputReference(DynamoDBTableResource table, string output) : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{table.Name}.outputs.{output}}}";

    public IEnumerable<object> References => [table];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        throw new DistributedApplicationException($"{ValueExpression} exists only in the cloud.");
}
