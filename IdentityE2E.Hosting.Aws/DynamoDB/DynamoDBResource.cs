namespace Aspire.Hosting.ApplicationModel;

/// <summary>Amazon DynamoDB in one AWS account and region: the parent of the tables the system uses.</summary>
public sealed class DynamoDBResource(string name) : Resource(name)
{
    internal List<DynamoDBTableResource> Tables { get; } = [];

    /// <summary>The region the SDK is told in run mode; DynamoDB Local accepts any.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>DynamoDB Local when the resource runs as an emulator (run mode only).</summary>
    public IDynamoDBLocalResource? Emulator { get; internal set; }

    /// <summary>DynamoDB Local's endpoint when the resource runs as an emulator (run mode only).</summary>
    public EndpointReference? EmulatorEndpoint => Emulator?.Endpoint;

    /// <summary>Where the tables are in run mode: DynamoDB Local, or real tables in AWS (<c>DynamoDB:Mode</c>, read once by AddDynamoDB).</summary>
    public DynamoDBMode Mode => AwsOptions is null ? DynamoDBMode.Local : DynamoDBMode.Aws;

    /// <summary>The AWS mode's settings; null in the Local mode and when publishing.</summary>
    internal DynamoDBAwsOptions? AwsOptions { get; set; }

    /// <summary>The folder of the npm tools the emulator and its data browser run from (run mode only).</summary>
    internal string ToolsPath { get; set; } = "";
}
