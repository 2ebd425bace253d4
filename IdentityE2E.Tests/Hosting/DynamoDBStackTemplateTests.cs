using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace IdentityE2E.Tests.Hosting;

/// <summary>The AWS mode's CloudFormation template, built from the AppHost's own tables.</summary>
public sealed class DynamoDBStackTemplateTests
{
    [Fact]
    public async Task EachTableOfTheModelBecomesAnOnDemandTableWithItsKeysAndIndexes()
    {
        // Act
        var template = await TemplateOfTheAppHostAsync(kmsKeyId: null, pointInTimeRecovery: false);

        // Assert
        var identities = template["Resources"]!["IdentitiesTable"]!;
        Assert.Equal("AWS::DynamoDB::Table", identities["Type"]!.GetValue<string>());
        Assert.Equal("Delete", identities["DeletionPolicy"]!.GetValue<string>());
        var properties = identities["Properties"]!;
        Assert.Null(properties["TableName"]); // CloudFormation names it, so two developers' stacks never collide
        Assert.Equal("PAY_PER_REQUEST", properties["BillingMode"]!.GetValue<string>());
        Assert.Equal("""[{"AttributeName":"pk","KeyType":"HASH"}]""", properties["KeySchema"]!.ToJsonString());
        var indexes = properties["GlobalSecondaryIndexes"]!.AsArray();
        Assert.Equal(["by-created", "by-status", "history"], indexes.Select(index => index!["IndexName"]!.GetValue<string>()));
        Assert.Equal("""[{"AttributeName":"status","KeyType":"HASH"},{"AttributeName":"created","KeyType":"RANGE"}]""", indexes[1]!["KeySchema"]!.ToJsonString());
        Assert.All(indexes, index => Assert.Equal("ALL", index!["Projection"]!["ProjectionType"]!.GetValue<string>()));
        Assert.Equal(
            ["pk:S", "entity:S", "created:S", "status:S", "historyOf:S", "changedAt:S"],
            properties["AttributeDefinitions"]!.AsArray().Select(a => $"{a!["AttributeName"]}:{a["AttributeType"]}"));
        Assert.NotNull(template["Resources"]!["KeyringTable"]);
    }

    [Fact]
    public async Task WithoutAKeyTheTablesAreEncryptedWithTheAwsOwnedKeyAndHaveNoBackups()
    {
        // Act
        var template = await TemplateOfTheAppHostAsync(kmsKeyId: null, pointInTimeRecovery: false);

        // Assert
        var properties = template["Resources"]!["KeyringTable"]!["Properties"]!;
        Assert.Equal("""{"SSEEnabled":false}""", properties["SSESpecification"]!.ToJsonString());
        Assert.Equal("""{"PointInTimeRecoveryEnabled":false}""", properties["PointInTimeRecoverySpecification"]!.ToJsonString());
    }

    [Fact]
    public async Task AKmsKeyAndPointInTimeRecoveryAreUsedWhenAsked()
    {
        // Arrange
        const string key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        // Act
        var template = await TemplateOfTheAppHostAsync(key, pointInTimeRecovery: true);

        // Assert
        var properties = template["Resources"]!["IdentitiesTable"]!["Properties"]!;
        Assert.Equal($$"""{"SSEEnabled":true,"SSEType":"KMS","KMSMasterKeyId":"{{key}}"}""", properties["SSESpecification"]!.ToJsonString());
        Assert.True(properties["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EachTableHasAnOutputWithTheNameCloudFormationGaveIt()
    {
        // Act
        var template = await TemplateOfTheAppHostAsync(kmsKeyId: null, pointInTimeRecovery: false);

        // Assert
        var outputs = template["Outputs"]!.AsObject();
        Assert.Equal(["IdentitiesTableName", "KeyringTableName"], outputs.Select(output => output.Key));
        Assert.Equal("""{"Ref":"IdentitiesTable"}""", outputs["IdentitiesTableName"]!["Value"]!.ToJsonString());
        Assert.Equal("IdentitiesTableName", DynamoDBStackTemplate.OutputKey("identities"));
    }

    [Theory]
    [InlineData("identities", "IdentitiesTable")]
    [InlineData("audit-log", "AuditLogTable")]
    [InlineData("data_protection.keys", "DataProtectionKeysTable")]
    public void ALogicalIdIsTheTableNameInPascalCase(string table, string logicalId)
    {
        Assert.Equal(logicalId, DynamoDBStackTemplate.LogicalId(table));
    }

    private static async Task<JsonObject> TemplateOfTheAppHostAsync(string? kmsKeyId, bool pointInTimeRecovery)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Mode=Aws", "AWS:Profile=dev", "AWS:Region=eu-west-1"], TestContext.Current.CancellationToken);
        var tables = Assert.Single(builder.Resources.OfType<DynamoDBResource>()).Tables;

        // Round-tripped through text, as the CLI reads it.
        return JsonNode.Parse(DynamoDBStackTemplate.Build(tables, kmsKeyId, pointInTimeRecovery).ToJsonString())!.AsObject();
    }
}
