using Amazon.DynamoDBv2;

namespace IdentityE2E.Migration;

/// <summary>The process entry point: wires the console and the environment, then hands over to <see cref="MigrationCommand"/>.</summary>
internal static class MigrationProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C lets the writers finish their current transaction; a second one kills.
            e.Cancel = true;
            stop.Cancel();
        };

        // Table name as the backend reads it (AWS__Resources__identities__TableName); endpoint
        // (AWS_ENDPOINT_URL_DYNAMODB), region and credentials come from the SDK's usual chain.
        var tableName = Environment.GetEnvironmentVariable("AWS__Resources__identities__TableName") ?? "";
        var context = new MigrationContext(Console.Out, Console.Error, tableName, () => new AmazonDynamoDBClient());
        return await MigrationCommand.RunAsync(args, context, stop.Token);
    }
}
