namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// The parts of aspire-manifest.json the publisher deploys, in manifest order. Only the resource types
/// listed in <see cref="ManifestReader"/> are accepted; anything else is an error, so nothing from
/// run mode (emulators, dev tools) can reach the cloud unnoticed.
/// </summary>
internal sealed record AspireManifest(
    IReadOnlyList<ServiceResource> Services,
    IReadOnlyList<TableResource> Tables,
    IReadOnlyList<ParameterResource> Parameters,
    IReadOnlyList<string> DynamoDBResources,
    UserPoolResource? UserPool);

/// <summary>
/// A service: a <c>project.v0</c>/<c>project.v1</c>, or a <c>container.v0</c>/<c>container.v1</c> (docs/contracts.md,
/// issue 9). Each becomes one Fargate service; only where its image comes from differs.
/// </summary>
internal sealed record ServiceResource(
    string Name,
    ImageSource Image,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, ServiceBinding> Bindings,
    int ContainerPort,
    EcsOptions Ecs)
{
    /// <summary>A container's <c>entrypoint</c>, replacing the image's; null keeps the image's own.</summary>
    public IReadOnlyList<string>? EntryPoint { get; init; }

    /// <summary>Marked by an <c>aws.ecs.task.v0</c> entry: a task definition that run-task starts, not a service.</summary>
    public bool IsJob { get; init; }

    /// <summary>Public when any binding is external: it gets a rule on the shared load balancer.</summary>
    public bool IsExternal => Bindings.Values.Any(binding => binding.External);
}

internal sealed record ServiceBinding(string Name, string Scheme, bool External, int? TargetPort);

/// <summary>
/// An <c>aws.dynamodb.table.v0</c>: a table of the <c>aws.dynamodb.v0</c> resource named as its parent.
/// <see cref="Access"/> holds what each referencing service declared it does with the table; a service that
/// references the table without an entry gets <see cref="TableAccess.ReadWrite"/>.
/// </summary>
internal sealed record TableResource(
    string Name,
    string Parent,
    KeyAttribute PartitionKey,
    KeyAttribute? SortKey,
    IReadOnlyList<TableIndex> GlobalSecondaryIndexes,
    string? TimeToLiveAttribute)
{
    public IReadOnlyDictionary<string, TableAccess> Access { get; init; } = new Dictionary<string, TableAccess>(StringComparer.Ordinal);

    /// <summary>What <paramref name="service"/> may do with the table once it references it.</summary>
    public TableAccess AccessOf(string service) => Access.GetValueOrDefault(service, TableAccess.ReadWrite);
}

/// <summary>A key attribute; <see cref="Type"/> is DynamoDB's S, N or B.</summary>
internal sealed record KeyAttribute(string Name, string Type);

internal sealed record TableIndex(string Name, KeyAttribute PartitionKey, KeyAttribute? SortKey);

/// <summary>A <c>parameter.v0</c>. Secret ones become Secrets Manager secrets, others plain values.</summary>
internal sealed record ParameterResource(string Name, bool Secret, string? DefaultValue, SecretGeneration? Generate);

/// <summary>The <c>default.generate</c> input of a parameter: how Secrets Manager generates its value.</summary>
internal sealed record SecretGeneration(int MinLength, bool Lower, bool Upper, bool Numeric, bool Special);
