using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>The key ring's encryption key: a table's key, used by the frontend for data protection only.</summary>
public sealed class DataProtectionKeyTests(SynthesizedEnvironments environments)
{
    /// <summary>The logical id of the key that encrypts a table, as the table itself names it.</summary>
    private static string KeyOf(StackTemplate app, string table) =>
        app.Resource(app.LogicalIdOf("AWS::DynamoDB::Table", $"Tables{table}"))["Properties"]!["SSESpecification"]!["KMSMasterKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>();

    private static List<JsonNode> KmsStatementsOf(StackTemplate app, string service) =>
        [.. IdentityTests.StatementsOf(app, IdentityTests.TaskRoleOf(app, service)).Where(st => st["Action"]!.ToJsonString().Contains("kms:", StringComparison.Ordinal))];

    private static bool IsDataProtectionGrant(JsonNode statement) =>
        statement["Condition"]?.ToJsonString().Contains("kms:EncryptionContext:purpose", StringComparison.Ordinal) == true;

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheFrontendMayOnlyEncryptAndDecryptWithTheKeyRingsKeyForDataProtection()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var key = KeyOf(app, "keyring");

        // Act
        var statements = KmsStatementsOf(app, "frontend");

        // Assert
        var grant = Assert.Single(statements, IsDataProtectionGrant);
        Assert.Equal(["kms:Decrypt", "kms:Encrypt"], grant["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Equal("Allow", grant["Effect"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(StackTemplate.GetAtt(key, "Arn"), grant["Resource"]), grant["Resource"]!.ToJsonString());
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse($$$"""{"StringEquals":{"kms:EncryptionContext:purpose":"{{{Tables.DataProtectionPurpose}}}"}}"""), grant["Condition"]),
            grant["Condition"]!.ToJsonString());
        // Every other use of a key goes through DynamoDB: no statement lets the task call KMS freely.
        Assert.All(statements, st => Assert.NotNull(st["Condition"]));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AServiceThatDoesNotReferenceTheKeyGetsNoDataProtectionGrant()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var statements = KmsStatementsOf(app, "backend");

        // Assert
        Assert.Empty(synthesized.Model.Services.Single(s => s.Name == "backend").KeyReferences);
        Assert.DoesNotContain(statements, IsDataProtectionGrant);
        Assert.All(statements, st => Assert.Contains("kms:ViaService", st["Condition"]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheKeyPolicyGrantsNoServiceAnythingOfItsOwn()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var taskRoles = synthesized.Model.Services.Select(service => IdentityTests.TaskRoleOf(app, service.Name)).ToList();

        // Act
        var policy = app.Resource(KeyOf(app, "keyring"))["Properties"]!["KeyPolicy"]!.ToJsonString();

        // Assert: the task role's own policy is the whole grant, scoped by its condition.
        Assert.All(taskRoles, role => Assert.DoesNotContain(role, policy, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheKeyArnReachesTheFrontendAsItsDataProtectionSetting()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var key = KeyOf(app, "keyring");

        // Act
        var environment = StackTemplate.EnvironmentOf(app.AppContainer("frontend"));

        // Assert
        Assert.Equal(StackTemplate.GetAtt(key, "Arn").ToJsonString(), environment["DataProtection__KmsKeyId"]);
        Assert.DoesNotContain("DataProtection__KmsKeyId", StackTemplate.EnvironmentOf(app.AppContainer("backend")).Keys);
    }
}
