using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds dynamodb-admin, a web GUI to browse and edit the emulator's tables.</summary>
public static class DynamoDBAdminExtensions
{
    /// <summary>
    /// In run mode, runs npm's dynamodb-admin against DynamoDB Local with its URL on the dashboard. It is a
    /// developer tool: it never reaches the manifest, and it listens on loopback only.
    /// </summary>
    public static IResourceBuilder<DynamoDBResource> WithDynamoDBAdmin(this IResourceBuilder<DynamoDBResource> dynamodb, string name = "dynamodb-admin")
    {
        var builder = dynamodb.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode || dynamodb.Resource.Emulator is not IResourceWithEndpoints emulator)
        {
            return dynamodb;
        }

        DynamoDBLocal.RequireNode();
        var toolsPath = dynamodb.Resource.ToolsPath;
        var script = Path.Combine(toolsPath, "node_modules", "dynamodb-admin", "dist", "dynamodb-admin.js");
        if (!File.Exists(script))
        {
            throw new DistributedApplicationException(
                $"dynamodb-admin is missing at {script}: install Node.js and run 'npm ci' in {toolsPath} (building the AppHost does this).");
        }

        builder.AddExecutable(name, "node", toolsPath, script)
            .WithHttpEndpoint(env: "PORT")
            .WithEnvironment("HOST", "127.0.0.1")
            .WithEnvironment("DYNAMO_ENDPOINT", dynamodb.Resource.EmulatorEndpoint!)
            .WithEnvironment("AWS_REGION", dynamodb.Resource.Region)
            .WithEnvironment("AWS_ACCESS_KEY_ID", DynamoDBLocal.AccessKeyId)
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", DynamoDBLocal.SecretAccessKey)
            // The JavaScript SDK warns on stderr about Node 20's end of support at every start, which the
            // dashboard shows as eight error lines; this local-only tool is fine on the Node 20+ we require.
            .WithEnvironment("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Browse tables")
            .WithHttpHealthCheck("/")
            .WithParentRelationship(dynamodb)
            .WithReferenceRelationship(emulator)
            .WaitFor(dynamodb)
            .WithIconName("TableSearch");
        return dynamodb;
    }
}
