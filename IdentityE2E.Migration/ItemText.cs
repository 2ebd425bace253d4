using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Migration;

/// <summary>
/// An item written out exactly, with its types (DynamoDB JSON's tags) and attributes in name order, so two
/// items are the same byte for byte when their texts are equal. The copy's verification hashes these.
/// </summary>
internal static class ItemText
{
    public static string Of(Dictionary<string, AttributeValue> item)
    {
        var text = new StringBuilder();
        Append(text, item);
        return text.ToString();
    }

    private static void Append(StringBuilder text, Dictionary<string, AttributeValue> map)
    {
        text.Append('{');
        foreach (var (name, value) in map.OrderBy(attribute => attribute.Key, StringComparer.Ordinal))
        {
            text.Append(Quoted(name)).Append(':');
            Append(text, value);
            text.Append(',');
        }

        text.Append('}');
    }

    private static void Append(StringBuilder text, AttributeValue value)
    {
        // SDK v4 leaves unset collections null, so each type is recognized by its own property.
        if (value.S is not null) { text.Append("S:").Append(Quoted(value.S)); }
        else if (value.N is not null) { text.Append("N:").Append(value.N); }
        else if (value.B is not null) { text.Append("B:").Append(Convert.ToBase64String(value.B.ToArray())); }
        else if (value.BOOL is { } boolean) { text.Append("BOOL:").Append(boolean ? "true" : "false"); }
        else if (value.NULL is true) { text.Append("NULL"); }
        else if (value.SS is { Count: > 0 } ss) { text.Append("SS:[").AppendJoin(',', ss.Order(StringComparer.Ordinal).Select(Quoted)).Append(']'); }
        else if (value.NS is { Count: > 0 } ns) { text.Append("NS:[").AppendJoin(',', ns.Order(StringComparer.Ordinal)).Append(']'); }
        else if (value.BS is { Count: > 0 } bs) { text.Append("BS:[").AppendJoin(',', bs.Select(b => Convert.ToBase64String(b.ToArray())).Order(StringComparer.Ordinal)).Append(']'); }
        else if (value.M is not null) { text.Append("M:"); Append(text, value.M); }
        else if (value.L is not null)
        {
            text.Append("L:[");
            foreach (var element in value.L)
            {
                Append(text, element);
                text.Append(',');
            }

            text.Append(']');
        }
        else { text.Append('?'); }
    }

    private static string Quoted(string value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.Length}:{value}");
}
