using System.Text.Json;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>A DynamoDB table of the model: one definition for DynamoDB Local and for the cloud.</summary>
public sealed class DynamoDBTableResource(string name, DynamoDBResource parent, DynamoDBTableDefinition definition)
    : Resource(name), IResourceWithParent<DynamoDBResource>
{
    public DynamoDBResource Parent { get; } = parent;

    public DynamoDBTableDefinition Definition { get; } = definition;

    /// <summary>
    /// The physical name: the resource name in run mode (in the AWS mode, the name of the real table); in the cloud CloudFormation names the table and
    /// the publisher resolves <see cref="TableName"/> to it.
    /// </summary>
    public string PhysicalName => AwsName.IsCompletedSuccessfully ? AwsName.Result : Name;

    private readonly TaskCompletionSource<string> _awsName = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>In the AWS mode, the physical name once the existing table is found or the stack deployed.</summary>
    internal Task<string> AwsName => _awsName.Task;

    internal void ResolveAwsName(string physicalName) => _awsName.TrySetResult(physicalName);

    internal void FailAwsName(Exception reason) => _awsName.TrySetException(reason);

    /// <summary>The table name as a value: the physical name in run mode, a manifest placeholder when published.</summary>
    public TableNameReference TableName => new(this);

    /// <summary>The ARN of the KMS key that encrypts the table in the cloud: <c>{table.outputs.encryptionKeyArn}</c>; nothing in run mode.</summary>
    public TableOutputReference EncryptionKeyArn => new(this, "encryptionKeyArn");

    /// <summary>The configuration key the AWS conventions use for a resource's physical name.</summary>
    public string ConfigurationKey => $"AWS__Resources__{Name}__TableName";

    /// <summary>Who references the table and how, one entry per WithReference; a resource's entries add up.</summary>
    internal List<(IResource User, TableAccess Access)> Users { get; } = [];

    /// <summary>
    /// Writes <c>"access": [ { "resource": "backend", "operations": [ ... ] } ]</c>, which the publisher turns into each
    /// service's IAM grant. Written with the table, whose manifest entry this integration owns; a project's entry is
    /// written by Aspire itself and has no place for it. Resources left out of the manifest are left out here too.
    /// </summary>
    internal void WriteAccess(Utf8JsonWriter writer)
    {
        var users = Users
            .Where(entry => !(entry.User.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var publishing) && publishing.Callback is null))
            .GroupBy(entry => entry.User.Name, StringComparer.Ordinal)
            .Select(group => (Name: group.Key, Access: group.Aggregate(TableAccess.None, (all, entry) => all | entry.Access)))
            .ToList();
        if (users.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("access");
        foreach (var (name, access) in users)
        {
            writer.WriteStartObject();
            writer.WriteString("resource", name);
            writer.WriteStartArray("operations");
            foreach (var operation in TableAccessNames.Of(access))
            {
                writer.WriteStringValue(operation);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

/// <summary>A table's physical name, written to the manifest as <c>{table.outputs.tableName}</c>.</summary>
public sealed class TableNameReference(DynamoDBTableResource table) : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{table.Name}.outputs.tableName}}";

    public IEnumerable<object> References => [table];

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        // In the AWS mode the name exists once the stack is deployed; a service that did not WaitFor the table waits here.
        table.Parent.Mode == DynamoDBMode.Aws ? await table.AwsName.WaitAsync(cancellationToken) : table.PhysicalName;
}

/// <summary>A value of the cloud table that only CloudFormation knows, written to the manifest as <c>{table.outputs.&lt;name&gt;}</c>.</summary>
public sealed class TableOutputReference(DynamoDBTableResource table, string output) : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string ValueExpression => $"{{{table.Name}.outputs.{output}}}";

    public IEnumerable<object> References => [table];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        throw new DistributedApplicationException($"{ValueExpression} exists only in the cloud.");
}
