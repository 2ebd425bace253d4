using Amazon.DynamoDBv2;

namespace IdentityE2E.Migration;

/// <summary>What a run needs from outside: where to write its report, which table, and how to reach DynamoDB.</summary>
internal sealed record MigrationContext(
    TextWriter Output,
    TextWriter Error,
    string TableName,
    Func<IAmazonDynamoDB> CreateClient);
