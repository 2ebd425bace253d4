using System.Text.Json;

namespace IdentityE2E.Deploy.Manifest;

/// <summary>One JSON object of the manifest with accessors whose errors name the resource.</summary>
internal sealed record ResourceElement(string Name, JsonElement Element)
{
    public string Type => Element.ValueKind == JsonValueKind.Object
        ? RequiredString("type")
        : throw Error("is not a JSON object");

    public DeployException Error(string problem) => new($"Resource '{Name}': {problem}.");

    public string RequiredString(string property) =>
        OptionalString(property) is { Length: > 0 } value ? value : throw Error($"\"{property}\" is missing or empty");

    public string? OptionalString(string property) => Property(property, JsonValueKind.String)?.GetString();

    public bool? OptionalBool(string property) =>
        Element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"\"{property}\" must be true or false"),
        } : null;

    public int? OptionalInt(string property) =>
        Property(property, JsonValueKind.Number) is { } value && value.TryGetInt32(out var number) ? number : null;

    public JsonElement? OptionalObject(string property) => Property(property, JsonValueKind.Object);

    /// <summary>The objects of an array property, each named by its position for errors; empty when absent.</summary>
    public IEnumerable<ResourceElement> Objects(string property) =>
        Property(property, JsonValueKind.Array) is { } array
            ? array.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.Object
                ? new ResourceElement($"{Name}.{property}[{i}]", item)
                : throw Error($"\"{property}\" must be an array of objects"))
            : [];

    /// <summary>The strings of an array property; empty when absent.</summary>
    public IReadOnlyList<string> Strings(string property) =>
        Property(property, JsonValueKind.Array) is { } array
            ? [.. array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw Error($"\"{property}\" must be an array of strings"))]
            : [];

    private JsonElement? Property(string property, JsonValueKind kind)
    {
        if (Element.ValueKind != JsonValueKind.Object || !Element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw Error($"\"{property}\" must be a {kind.ToString().ToLowerInvariant()}");
    }
}
