namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// The manifest with every placeholder resolved into what the cloud needs: which service calls which,
/// which service uses which table (its IAM grant), which table's KMS key it uses itself (a grant
/// for its data-protection key ring only), which secret (an ECS secret, never plain env), and which user
/// pool clients' secrets the services need.
/// It holds no CDK types, so it is built and tested without synthesizing anything.
/// </summary>
internal sealed record CloudModel(
    IReadOnlyList<ServiceModel> Services,
    IReadOnlyList<TableResource> Tables,
    IReadOnlyList<SecretModel> Secrets,
    UserPoolResource? UserPool,
    IReadOnlyList<string> ClientSecrets)
{
    /// <summary>
    /// The port callers use for every service (Service Connect maps it to the service's own container port), and the
    /// container port of every project and of every container whose manifest names none.
    /// </summary>
    public const int ContainerPort = 8080;

    /// <summary>The jobs (<c>PublishAsEcsTask</c>): task definitions without a service, started by run-task.</summary>
    public IReadOnlyList<ServiceModel> Jobs { get; init; } = [];

    /// <summary>Services and jobs: everything that runs an image, and so has a repository and an image build.</summary>
    public IEnumerable<ServiceModel> Workloads => Services.Concat(Jobs);

    public IEnumerable<ServiceModel> PublicServices => Services.Where(service => service.IsPublic);

    /// <summary>The services whose environment holds a URL of <paramref name="service"/>.</summary>
    public IEnumerable<ServiceModel> CallersOf(string service) =>
        Services.Where(caller => caller.ServiceReferences.Contains(service));

    public IEnumerable<ServiceModel> UsersOfTable(string table) =>
        Workloads.Where(user => user.TableReferences.Contains(table));

    /// <summary>
    /// Where a public service answers below the public URL: the first takes every path, any further one its
    /// own /&lt;name&gt; prefix (the edge routes them that way).
    /// </summary>
    public string PublicPathBase(string service) =>
        PublicServices.First().Name == service ? string.Empty : $"/{service}";

    /// <summary>The name under which <see cref="ServiceModel.Secrets"/> refers to a user pool client's secret.</summary>
    public static string ClientSecretName(string pool, string client) => $"{pool}.clients.{client}.secret";

    /// <summary>The Service Connect URL other services use for <paramref name="service"/>.</summary>
    public static string ServiceUrl(string service) => $"http://{service}:{ContainerPort}";
}

internal sealed record ServiceModel(
    string Name,
    ImageSource Image,
    bool IsPublic,
    IReadOnlyDictionary<string, CloudValue> Environment,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyList<CloudValue> Args,
    IReadOnlyList<string> ServiceReferences,
    IReadOnlyList<TableGrant> TableGrants,
    IReadOnlyList<string> KeyReferences)
{
    /// <summary>The tables whose name the service holds, in name order.</summary>
    public IReadOnlyList<string> TableReferences => [.. TableGrants.Select(grant => grant.Table)];

    /// <summary>Where the container listens: 8080 for a project, the manifest's targetPort for a container.</summary>
    public int ContainerPort { get; init; } = CloudModel.ContainerPort;

    /// <summary>User, health path, read-only root and the exceptions the model gave; a project's defaults unless told otherwise.</summary>
    public EcsOptions Ecs { get; init; } = EcsOptions.ProjectDefaults;

    /// <summary>A container's own entry point, or null for the image's.</summary>
    public IReadOnlyList<string>? EntryPoint { get; init; }

    /// <summary>A job (<see cref="CloudModel.Jobs"/>): run on demand, never a service.</summary>
    public bool IsJob { get; init; }

    /// <summary>Built by the publisher (a project or a Dockerfile) into the service's ECR repository, not pulled as given.</summary>
    public bool IsBuilt => Image is not RegistryImage;
}

/// <summary>A table a service references, with what it may do there: its IAM grant.</summary>
internal sealed record TableGrant(string Table, TableAccess Access);

/// <summary>A generated secret: a <c>parameter.v0</c> with <c>secret: true</c>.</summary>
internal sealed record SecretModel(string Name, SecretGeneration Generate);

/// <summary>A value made of literal text, table names, key ARNs and user pool outputs, which only CloudFormation knows.</summary>
internal sealed record CloudValue(IReadOnlyList<ValuePart> Parts)
{
    public static CloudValue Literal(string text) => new([new LiteralPart(text)]);

    public string Render(Func<string, string> tableName, Func<string, string> tableKeyArn, Func<UserPoolOutputPart, string> userPoolOutput) => string.Concat(Parts.Select(part => part switch
    {
        LiteralPart literal => literal.Text,
        TableNamePart table => tableName(table.Table),
        TableKeyArnPart key => tableKeyArn(key.Table),
        UserPoolOutputPart output => userPoolOutput(output),
        _ => throw new InvalidOperationException($"Unknown value part {part}."),
    }));

    /// <summary>How the value reads in a summary: table names, key ARNs and pool outputs shown as placeholders.</summary>
    public override string ToString() => Render(table => $"<{table} table name>", table => $"<{table} encryption key ARN>", output => $"<user pool {output.Output}>");
}

internal abstract record ValuePart;

internal sealed record LiteralPart(string Text) : ValuePart;

internal sealed record TableNamePart(string Table) : ValuePart;

/// <summary>The ARN of the KMS key that encrypts <see cref="Table"/> (<c>outputs.encryptionKeyArn</c>).</summary>
internal sealed record TableKeyArnPart(string Table) : ValuePart;

/// <summary>
/// An output of the user pool that only exists once it is deployed: <see cref="Issuer"/>,
/// <see cref="LogoutEndpoint"/> or a client's id (<see cref="ClientId"/>).
/// </summary>
internal sealed record UserPoolOutputPart(string Output) : ValuePart
{
    public const string Issuer = "issuer";

    public const string LogoutEndpoint = "logoutEndpoint";

    public static UserPoolOutputPart ClientId(string client) => new($"clients.{client}.id");

    /// <summary>The client whose id this is, or null for the pool-wide outputs.</summary>
    public string? Client => Output.StartsWith("clients.", StringComparison.Ordinal) ? Output.Split('.')[1] : null;
}
