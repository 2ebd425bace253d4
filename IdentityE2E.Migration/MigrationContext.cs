using Amazon.DynamoDBv2;

namespace IdentityE2E.Migration;

/// <summary>
/// What a run needs from outside: where to write its report, which table, and how to reach DynamoDB.
/// <see cref="RowsDone"/>, when set, hears the number of rows finished after each row (an embedding host's
/// own progress, or a test that stops a run midway).
/// </summary>
internal sealed record MigrationContext(
    TextWriter Output,
    TextWriter Error,
    string TableName,
    Func<IAmazonDynamoDB> CreateClient,
    Action<long>? RowsDone = null,
    Func<string, IAmazonDynamoDB>? CreateClientFor = null)
{
    /// <summary>A client for another endpoint (copy's source), with the same credential chain.</summary>
    public IAmazonDynamoDB ClientFor(string endpoint) =>
        CreateClientFor?.Invoke(endpoint) ?? new AmazonDynamoDBClient(new AmazonDynamoDBConfig { ServiceURL = endpoint });
}
