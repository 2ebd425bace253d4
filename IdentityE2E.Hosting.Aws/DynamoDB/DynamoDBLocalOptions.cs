namespace Aspire.Hosting.ApplicationModel;

/// <summary>How DynamoDB Local runs: which form, where its data lives. Bound from configuration section <c>DynamoDB:Local</c>.</summary>
public sealed class DynamoDBLocalOptions
{
    public const string SectionName = "DynamoDB:Local";

    /// <summary><c>Auto</c> (a container when a runtime answers, else Java), <c>Java</c> or <c>Container</c>.</summary>
    public DynamoDBLocalRuntime Runtime { get; set; } = DynamoDBLocalRuntime.Auto;

    /// <summary>Keep data in memory only; tests use this. By default data persists between runs.</summary>
    public bool InMemory { get; set; }

    /// <summary>Where data persists; by default a folder per user outside the source tree.</summary>
    public string? DataPath { get; set; }

    /// <summary>The folder holding the npm tools (tools/ next to the AppHost's folder by default).</summary>
    public string? ToolsPath { get; set; }

    /// <summary>The <c>amazon/dynamodb-local</c> tag; the same DynamoDB Local release as the npm package's jar.</summary>
    public string ImageTag { get; set; } = "3.3.1";
}

/// <summary>The two forms DynamoDB Local comes in.</summary>
public enum DynamoDBLocalRuntime
{
    Auto,
    Java,
    Container,
}
