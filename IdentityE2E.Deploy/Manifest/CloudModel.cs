namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// The manifest with every placeholder resolved into what the cloud needs: which service calls which,
/// which service uses which table (its IAM grant) and which secret (an ECS secret, never plain env).
/// It holds no CDK types, so it is built and tested without synthesizing anything.
/// </summary>
internal sealed record CloudModel(
    IReadOnlyList<ServiceModel> Services,
    IReadOnlyList<TableResource> Tables,
    IReadOnlyList<SecretModel> Secrets)
{
    /// <summary>Every service listens here, behind the load balancer and behind Service Connect alike.</summary>
    public const int ContainerPort = 8080;

    public IEnumerable<ServiceModel> PublicServices => Services.Where(service => service.IsPublic);

    /// <summary>The services whose environment holds a URL of <paramref name="service"/>.</summary>
    public IEnumerable<ServiceModel> CallersOf(string service) =>
        Services.Where(caller => caller.ServiceReferences.Contains(service));

    public IEnumerable<ServiceModel> UsersOfTable(string table) =>
        Services.Where(user => user.TableReferences.Contains(table));

    /// <summary>The Service Connect URL other services use for <paramref name="service"/>.</summary>
    public static string ServiceUrl(string service) => $"http://{service}:{ContainerPort}";
}

internal sealed record ServiceModel(
    string Name,
    string ProjectPath,
    bool IsPublic,
    IReadOnlyDictionary<string, CloudValue> Environment,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyList<CloudValue> Args,
    IReadOnlyList<string> ServiceReferences,
    IReadOnlyList<string> TableReferences);

/// <summary>A generated secret: a <c>parameter.v0</c> with <c>secret: true</c>.</summary>
internal sealed record SecretModel(string Name, SecretGeneration Generate);

/// <summary>A value made of literal text and table names, which only CloudFormation knows.</summary>
internal sealed record CloudValue(IReadOnlyList<ValuePart> Parts)
{
    public static CloudValue Literal(string text) => new([new LiteralPart(text)]);

    public string Render(Func<string, string> tableName) => string.Concat(Parts.Select(part => part switch
    {
        LiteralPart literal => literal.Text,
        TableNamePart table => tableName(table.Table),
        _ => throw new InvalidOperationException($"Unknown value part {part}."),
    }));

    /// <summary>How the value reads in a summary: table names shown as placeholders.</summary>
    public override string ToString() => Render(table => $"<{table} table name>");
}

internal abstract record ValuePart;

internal sealed record LiteralPart(string Text) : ValuePart;

internal sealed record TableNamePart(string Table) : ValuePart;
