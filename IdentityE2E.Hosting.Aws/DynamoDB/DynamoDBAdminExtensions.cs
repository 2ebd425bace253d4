using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds dynamodb-admin, a web GUI to browse and edit the emulator's tables.</summary>
public static class DynamoDBAdminExtensions
{
    /// <summary>
    /// Runs npm's dynamodb-admin against this DynamoDB Local, with its URL on the dashboard. Call it inside
    /// <c>RunAsEmulator(local => local.WithDynamoDBAdmin())</c>: it is a developer tool that exists only where
    /// the emulator does, never reaches the manifest, and listens on loopback only.
    /// </summary>
    public static IResourceBuilder<IDynamoDBLocalResource> WithDynamoDBAdmin(
        this IResourceBuilder<IDynamoDBLocalResource> local, string name = "dynamodb-admin")
    {
        var dynamodb = local.Resource.Parent;
        DynamoDBLocal.RequireNode();
        var script = Path.Combine(dynamodb.ToolsPath, "node_modules", "dynamodb-admin", "dist", "dynamodb-admin.js");
        if (!File.Exists(script))
        {
            throw new DistributedApplicationException(
                $"dynamodb-admin is missing at {script}: install Node.js and run 'npm ci' in {dynamodb.ToolsPath} (building the AppHost does this).");
        }

        var admin = local.ApplicationBuilder.AddExecutable(name, "node", dynamodb.ToolsPath, script)
            .WithHttpEndpoint(env: "PORT")
            .WithEnvironment("HOST", "127.0.0.1")
            .WithEnvironment("DYNAMO_ENDPOINT", local.Resource.Endpoint)
            .WithEnvironment("AWS_REGION", dynamodb.Region)
            .WithEnvironment("AWS_ACCESS_KEY_ID", DynamoDBLocal.AccessKeyId)
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", DynamoDBLocal.SecretAccessKey)
            // The JavaScript SDK warns on stderr about Node 20's end of support at every start, which the
            // dashboard shows as eight error lines; this local-only tool is fine on the Node 20+ we require.
            .WithEnvironment("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Browse data")
            .WithHttpHealthCheck("/")
            .WithParentRelationship(dynamodb)
            .WithReferenceRelationship(local.Resource)
            .WaitFor(local)
            .WithIconName("TableSearch")
            .WithDescription("dynamodb-admin: browse and edit the items of DynamoDB Local's tables in the browser.");
        DynamoDBLocalCors.Admit(local.Resource, admin.GetEndpoint("http"));
        return local;
    }
}
