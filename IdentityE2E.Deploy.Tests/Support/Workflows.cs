using YamlDotNet.RepresentationModel;

namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>One job of a GitHub Actions workflow, with what the assertions ask of it.</summary>
internal sealed record WorkflowJob(string Workflow, string Id, YamlMappingNode Node)
{
    public string? Scalar(params string[] path)
    {
        YamlNode? node = Node;
        foreach (var key in path)
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return (node as YamlScalarNode)?.Value;
    }

    public IReadOnlyList<YamlMappingNode> Steps =>
        Node.Children.TryGetValue(new YamlScalarNode("steps"), out var steps) && steps is YamlSequenceNode sequence
            ? [.. sequence.Children.OfType<YamlMappingNode>()]
            : [];

    /// <summary>The shell lines of every <c>run:</c> step.</summary>
    public string Runs => string.Join('\n', Steps.Select(step => StepValue(step, "run")).OfType<string>());

    /// <summary>The actions the job uses, as written (<c>owner/name@version</c>).</summary>
    public IReadOnlyList<string> Uses => [.. Steps.Select(step => StepValue(step, "uses")).OfType<string>()];

    /// <summary>The GitHub environment: <c>environment: name</c> or <c>environment: { name: ... }</c>.</summary>
    public string? Environment => Scalar("environment") ?? Scalar("environment", "name");

    /// <summary>The concurrency group: <c>concurrency: group</c> or <c>concurrency: { group: ... }</c>.</summary>
    public string? ConcurrencyGroup => Scalar("concurrency") ?? Scalar("concurrency", "group");

    public static string? StepValue(YamlMappingNode step, string key) =>
        step.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    public YamlMappingNode? StepUsing(string action) =>
        Steps.FirstOrDefault(step => StepValue(step, "uses")?.StartsWith(action + "@", StringComparison.Ordinal) == true);
}

/// <summary>The repository's GitHub Actions workflows (.github/workflows), read as YAML.</summary>
internal static class Workflows
{
    public static string Directory => Path.Combine(TestPaths.Repository.Root, ".github", "workflows");

    public static IReadOnlyList<string> Files =>
        [.. System.IO.Directory.GetFiles(Directory, "*.yml").Concat(System.IO.Directory.GetFiles(Directory, "*.yaml")).Order(StringComparer.Ordinal)];

    public static YamlMappingNode Read(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static IReadOnlyList<WorkflowJob> Jobs(string file) =>
        [.. ((YamlMappingNode)Read(file).Children[new YamlScalarNode("jobs")]).Children
            .Select(job => new WorkflowJob(Path.GetFileName(file), ((YamlScalarNode)job.Key).Value!, (YamlMappingNode)job.Value))];

    public static IReadOnlyList<WorkflowJob> AllJobs => [.. Files.SelectMany(Jobs)];
}
