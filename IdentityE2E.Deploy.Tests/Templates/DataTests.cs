using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class DataTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TablesAreEncryptedWithARotatingCustomerManagedKey()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var encryption = app.OfType("AWS::DynamoDB::Table").Select(t => t.Resource["Properties"]!["SSESpecification"]!).ToList();

        // Assert
        Assert.NotEmpty(encryption);
        Assert.All(encryption, table =>
        {
            Assert.True(table["SSEEnabled"]!.GetValue<bool>());
            Assert.Equal("KMS", table["SSEType"]!.GetValue<string>());
            var key = table["KMSMasterKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>();
            Assert.True(app.Resource(key)["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TablesHavePointInTimeRecoveryAndDeletionProtection()
    {
        // Arrange
        var app = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        var tables = app.OfType("AWS::DynamoDB::Table");

        // Assert
        Assert.NotEmpty(tables);
        app.Template.AllResourcesProperties("AWS::DynamoDB::Table", Props.Of(
            ("PointInTimeRecoverySpecification", Props.Of(("PointInTimeRecoveryEnabled", true))),
            ("DeletionProtectionEnabled", true)));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TablesAndTheirKeyAreRetainedOnDeleteAndReplace()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var tables = app.OfType("AWS::DynamoDB::Table").Select(t => t.Resource).ToList();
        var keys = tables.Select(table => app.Resource(table["Properties"]!["SSESpecification"]!["KMSMasterKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>()));

        // Assert
        Assert.NotEmpty(tables);
        foreach (var resource in tables.Concat(keys))
        {
            Assert.Equal(("Retain", "Retain"), (resource["DeletionPolicy"]!.GetValue<string>(), resource["UpdateReplacePolicy"]!.GetValue<string>()));
        }
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheTableKeepsTheManifestsKeysAndIndexes()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var model = Assert.Single(synthesized.Model.Tables, t => t.Name == "identities");

        // Act
        var app = synthesized.Application;
        var table = app.Resource(app.LogicalIdOf("AWS::DynamoDB::Table", "Tablesidentities"))["Properties"]!;

        // Assert
        Assert.Equal(model.PartitionKey.Name, table["KeySchema"]![0]!["AttributeName"]!.GetValue<string>());
        Assert.Equal(
            model.GlobalSecondaryIndexes.Select(i => $"{i.Name}:{i.PartitionKey.Name}/{i.SortKey?.Name}"),
            table["GlobalSecondaryIndexes"]!.AsArray().Select(i => $"{i!["IndexName"]}:{i["KeySchema"]![0]!["AttributeName"]}/{i["KeySchema"]!.AsArray().ElementAtOrDefault(1)?["AttributeName"]}"));
        Assert.All(table["GlobalSecondaryIndexes"]!.AsArray(), i => Assert.Equal("ALL", i!["Projection"]!["ProjectionType"]!.GetValue<string>()));
    }
}
