using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using IdentityE2E.Tests.Backend.Hostile;
using Xunit.Sdk;

[assembly: RegisterXunitSerializer(typeof(HostileCaseSerializer), typeof(HostileCase))]

namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>
/// One hostile request and the answer it must get. <see cref="ProblemFragment"/> is what the problem
/// details must contain (a field name or a keyword); null where Kestrel answers before the app does.
/// Path, header values and body may hold placeholders that <see cref="HostileSeed"/> fills in.
/// </summary>
public sealed record HostileCase(
    string Name,
    string Method,
    string Path,
    IReadOnlyList<string> Headers,
    string? ContentType,
    string? Body,
    int ExpectedStatus,
    string? ProblemFragment)
{
    /// <summary>Encodes the body; "latin1" makes bytes that are not valid UTF-8.</summary>
    public string BodyEncoding { get; init; } = "utf-8";

    public HttpRequestMessage ToRequest(Func<string, string> fill)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), fill(Path));
        foreach (var header in Headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(header[..colon], fill(header[(colon + 1)..].TrimStart()));
        }

        if (Body is not null || ContentType is not null)
        {
            request.Content = new ByteArrayContent(Encoding.GetEncoding(BodyEncoding).GetBytes(fill(Body ?? "")));
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return request;
    }

    // The display name of each theory row: the path and body would bury it.
    public override string ToString() => Name;
}

/// <summary>Lets each hostile case be its own theory row, discoverable and filterable by name.</summary>
public sealed class HostileCaseSerializer : IXunitSerializer
{
    public object Deserialize(Type type, string serializedValue) =>
        JsonSerializer.Deserialize<HostileCase>(serializedValue)!;

    public bool IsSerializable(Type type, object? value, [NotNullWhen(false)] out string? failureReason)
    {
        failureReason = null;
        return true;
    }

    public string Serialize(object value) => JsonSerializer.Serialize((HostileCase)value);
}
