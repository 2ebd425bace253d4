using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>
/// One synthesized template: as Amazon.CDK.Assertions' <see cref="Template"/> for the declarative checks,
/// and as JSON for questions the assertions cannot phrase (which service owns which log group).
/// </summary>
internal sealed class StackTemplate(string path)
{
    public string Path { get; } = path;

    public JsonObject Json { get; } = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public Template Template { get; } = Template.FromString(File.ReadAllText(path));

    public JsonObject Resources => Json[nameof(Resources)]!.AsObject();

    public IReadOnlyList<(string LogicalId, JsonObject Resource)> OfType(string type) =>
        [.. Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == type).Select(r => (r.Key, r.Value!.AsObject()))];

    public JsonObject Resource(string logicalId) => Resources[logicalId]!.AsObject();

    /// <summary>The logical id a construct of a service got: CDK prefixes it with the service's name.</summary>
    public string LogicalIdOf(string type, string prefix) =>
        OfType(type).Single(r => r.LogicalId.StartsWith(prefix, StringComparison.Ordinal)).LogicalId;

    /// <summary>Every container definition, with the logical id of its task definition.</summary>
    public IReadOnlyList<(string Task, JsonObject Container)> Containers() =>
        [.. OfType("AWS::ECS::TaskDefinition").SelectMany(task => task.Resource["Properties"]!["ContainerDefinitions"]!.AsArray()
            .Select(container => (task.LogicalId, container!.AsObject())))];

    /// <summary>The container definition of a service's app (CDK prefixes ids with the service name).</summary>
    public JsonObject AppContainer(string service) =>
        Containers().Single(c => c.Task.StartsWith($"{service}Task", StringComparison.Ordinal) && c.Container["Name"]!.GetValue<string>() == "app").Container;

    public static Dictionary<string, string> EnvironmentOf(JsonObject container) =>
        (container["Environment"]?.AsArray() ?? []).ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"]!.ToJsonString().Trim('"'));

    public static JsonObject Ref(string logicalId) => new() { ["Ref"] = logicalId };

    public static JsonObject GetAtt(string logicalId, string attribute) => new() { ["Fn::GetAtt"] = new JsonArray(logicalId, attribute) };
}
