using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>
/// A CloudFormation template written in YAML with long-form intrinsics (<c>Fn::Sub</c>, not <c>!Sub</c>), as JSON: the form
/// the assertions and tools/nag-check.mjs read. Plain scalars that are numbers or booleans stay numbers and booleans.
/// </summary>
internal static class CloudFormationYaml
{
    public static JsonObject Read(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return Convert(stream.Documents.Single().RootNode)!.AsObject();
    }

    /// <summary>Replaces every <c>Fn::If [condition, then, else]</c> of <paramref name="condition"/> by the branch it takes.</summary>
    public static JsonNode? Resolve(JsonNode? node, string condition, bool value) => node switch
    {
        JsonObject { Count: 1 } o when o["Fn::If"] is JsonArray { Count: 3 } branches && branches[0]?.GetValue<string>() == condition
            => Resolve(branches[value ? 1 : 2], condition, value),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, condition, value)))),
        JsonArray a => new JsonArray([.. a.Select(item => Resolve(item, condition, value))
            .Where(item => item is not JsonObject { Count: 1 } noValue || noValue["Ref"]?.GetValue<string>() != "AWS::NoValue")]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var value } when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType} at {node.Start}: the template uses long-form intrinsics only."),
    };
}
