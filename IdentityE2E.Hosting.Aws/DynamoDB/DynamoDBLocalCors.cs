namespace Aspire.Hosting.ApplicationModel;

/// <summary>An origin whose browser pages may call the emulator: a local tool served next to it.</summary>
internal sealed record DynamoDBLocalCorsOriginAnnotation(ReferenceExpression Origin) : IResourceAnnotation;

/// <summary>
/// The <c>-cors</c> list of DynamoDB Local. Its default, "*", would let any web page the developer opens read the
/// local data through the browser; the list names the emulator's own origin and the local tools that asked.
/// </summary>
internal static class DynamoDBLocalCors
{
    /// <summary>Lets the pages of <paramref name="tool"/>'s endpoint call the emulator, by both loopback names.</summary>
    public static void Admit(IDynamoDBLocalResource local, EndpointReference tool)
    {
        var port = tool.Property(EndpointProperty.Port);
        local.Annotations.Add(new DynamoDBLocalCorsOriginAnnotation(ReferenceExpression.Create($"http://localhost:{port}")));
        local.Annotations.Add(new DynamoDBLocalCorsOriginAnnotation(ReferenceExpression.Create($"http://127.0.0.1:{port}")));
    }

    /// <summary>The comma-separated origins, resolved when the emulator starts.</summary>
    public static ReferenceExpression Origins(IDynamoDBLocalResource local)
    {
        var origins = new ReferenceExpressionBuilder();
        origins.Append($"http://localhost:{local.Endpoint.Property(EndpointProperty.Port)}");
        foreach (var tool in local.Annotations.OfType<DynamoDBLocalCorsOriginAnnotation>())
        {
            origins.AppendLiteral(",");
            origins.Append($"{tool.Origin}");
        }

        return origins.Build();
    }
}
