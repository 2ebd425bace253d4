using System.Text.Json.Nodes;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The CloudFormation template of the AWS mode's stack: one on-demand table per table of the model, built from the
/// same request that creates it in DynamoDB Local, with an output per table holding the name CloudFormation gave it.
/// </summary>
internal static class DynamoDBStackTemplate
{
    public static JsonObject Build(IEnumerable<DynamoDBTableResource> tables, string? kmsKeyId, bool pointInTimeRecovery)
    {
        var resources = new JsonObject();
        var outputs = new JsonObject();
        foreach (var table in tables)
        {
            var logicalId = LogicalId(table.Name);
            if (resources.ContainsKey(logicalId))
            {
                throw new DistributedApplicationException($"Tables '{table.Name}' and another one both become '{logicalId}' in the stack; rename one.");
            }

            resources[logicalId] = Table(table, kmsKeyId, pointInTimeRecovery);
            outputs[OutputKey(table.Name)] = new JsonObject
            {
                ["Description"] = $"The physical name of the model's table '{table.Name}'.",
                ["Value"] = new JsonObject { ["Ref"] = logicalId },
            };
        }

        return new JsonObject
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Description"] = "IdentityE2E tables for running the AppHost locally against AWS (DynamoDB:Mode=Aws); safe to delete.",
            ["Resources"] = resources,
            ["Outputs"] = outputs,
        };
    }

    /// <summary>The table's logical id: its name in Pascal case, letters and digits only, and <c>Table</c>.</summary>
    public static string LogicalId(string tableName) =>
        string.Concat(tableName.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "Table";

    /// <summary>The stack output that carries the table's physical name.</summary>
    public static string OutputKey(string tableName) => LogicalId(tableName) + "Name";

    private static JsonObject Table(DynamoDBTableResource table, string? kmsKeyId, bool pointInTimeRecovery)
    {
        var request = table.Definition.ToCreateTableRequest(table.Name);
        var properties = new JsonObject
        {
            ["BillingMode"] = request.BillingMode.Value,
            ["AttributeDefinitions"] = new JsonArray([.. request.AttributeDefinitions.Select(attribute => (JsonNode)new JsonObject
            {
                ["AttributeName"] = attribute.AttributeName,
                ["AttributeType"] = attribute.AttributeType.Value,
            })]),
            ["KeySchema"] = KeySchema(request.KeySchema),
        };
        if (request.GlobalSecondaryIndexes is { Count: > 0 } indexes)
        {
            properties["GlobalSecondaryIndexes"] = new JsonArray([.. indexes.Select(index => (JsonNode)new JsonObject
            {
                ["IndexName"] = index.IndexName,
                ["KeySchema"] = KeySchema(index.KeySchema),
                ["Projection"] = new JsonObject { ["ProjectionType"] = index.Projection.ProjectionType.Value },
            })]);
        }

        // Without a key DynamoDB encrypts with an AWS-owned key, which costs nothing; a KMS key is opt-in.
        properties["SSESpecification"] = kmsKeyId is null
            ? new JsonObject { ["SSEEnabled"] = false }
            : new JsonObject { ["SSEEnabled"] = true, ["SSEType"] = "KMS", ["KMSMasterKeyId"] = kmsKeyId };
        properties["PointInTimeRecoverySpecification"] = new JsonObject { ["PointInTimeRecoveryEnabled"] = pointInTimeRecovery };
        if (table.Definition.TimeToLiveAttribute is { } ttl)
        {
            properties["TimeToLiveSpecification"] = new JsonObject { ["AttributeName"] = ttl, ["Enabled"] = true };
        }

        properties["Tags"] = new JsonArray(new JsonObject { ["Key"] = "identitye2e:table", ["Value"] = table.Name });
        return new JsonObject
        {
            ["Type"] = "AWS::DynamoDB::Table",
            // Development tables: deleting the stack deletes them and their data, which is what a developer means.
            ["DeletionPolicy"] = "Delete",
            ["UpdateReplacePolicy"] = "Delete",
            ["Properties"] = properties,
        };
    }

    private static JsonArray KeySchema(IEnumerable<Amazon.DynamoDBv2.Model.KeySchemaElement> keys) =>
        new([.. keys.Select(key => (JsonNode)new JsonObject { ["AttributeName"] = key.AttributeName, ["KeyType"] = key.KeyType.Value })]);
}
