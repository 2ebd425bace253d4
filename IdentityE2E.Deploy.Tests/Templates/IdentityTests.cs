using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class IdentityTests(SynthesizedEnvironments environments)
{
    /// <summary>The statements of the policies attached to a role.</summary>
    internal static List<JsonNode> StatementsOf(StackTemplate app, string role) =>
        [.. app.OfType("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == role))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => s!)];

    internal static string TaskRoleOf(StackTemplate app, string service) =>
        app.Resource(app.LogicalIdOf("AWS::ECS::TaskDefinition", $"{service}Task"))["Properties"]!["TaskRoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryServiceHasItsOwnTaskAndExecutionRole()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var tasks = synthesized.Application.OfType("AWS::ECS::TaskDefinition").Select(t => t.Resource["Properties"]!).ToList();

        // Assert
        Assert.Equal(synthesized.Model.Workloads.Count(), tasks.Count);
        Assert.Equal(tasks.Count, tasks.Select(t => t["TaskRoleArn"]!.ToJsonString()).Distinct().Count());
        Assert.Equal(tasks.Count, tasks.Select(t => t["ExecutionRoleArn"]!.ToJsonString()).Distinct().Count());
    }

    /// <summary>The DynamoDB statements of a service's task role, by Sid.</summary>
    private static Dictionary<string, JsonNode> DynamoDBStatementsOf(StackTemplate app, string service) =>
        StatementsOf(app, TaskRoleOf(app, service))
            .Where(st => st["Action"]!.ToJsonString().Contains("dynamodb:", StringComparison.Ordinal))
            .ToDictionary(st => st["Sid"]!.GetValue<string>());

    private static List<string> ActionsOf(JsonNode statement) =>
        statement["Action"] is JsonArray actions ? [.. actions.Select(a => a!.GetValue<string>()).Order()] : [statement["Action"]!.GetValue<string>()];

    private static List<string> ResourcesOf(JsonNode statement) =>
        statement["Resource"] is JsonArray resources ? [.. resources.Select(r => r!.ToJsonString())] : [statement["Resource"]!.ToJsonString()];

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheBackendMayReadAndWriteSingleIdentitiesAndQueryTheIndexesButNeverScanOrBatchWrite()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var table = app.LogicalIdOf("AWS::DynamoDB::Table", "Tablesidentities");
        var indexes = synthesized.Model.Tables.Single(t => t.Name == "identities").GlobalSecondaryIndexes;

        // Act
        var statements = DynamoDBStatementsOf(app, "backend");

        // Assert
        Assert.Equal(["Describeidentities", "Indexesidentities", "Itemsidentities"], statements.Keys.Order());
        Assert.Equal(
            ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
            ActionsOf(statements["Itemsidentities"]));
        Assert.Equal([StackTemplate.GetAtt(table, "Arn").ToJsonString()], ResourcesOf(statements["Itemsidentities"]));
        Assert.Equal(["dynamodb:Query"], ActionsOf(statements["Indexesidentities"]));
        var indexResources = ResourcesOf(statements["Indexesidentities"]);
        Assert.Equal(indexes.Count, indexResources.Count);
        Assert.All(indexes, index => Assert.Contains(indexResources, r => r.Contains($"/index/{index.Name}", StringComparison.Ordinal) && r.Contains(table, StringComparison.Ordinal)));
        Assert.Equal(["dynamodb:DescribeTable"], ActionsOf(statements["Describeidentities"]));
        Assert.All(statements.Values, st => Assert.DoesNotContain("Scan", st.ToJsonString(), StringComparison.Ordinal));
        Assert.All(statements.Values, st => Assert.DoesNotContain("BatchWriteItem", st.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheFrontendMayOnlyStoreAndScanItsKeyRingAndNeverTouchTheIdentities()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var identities = app.LogicalIdOf("AWS::DynamoDB::Table", "Tablesidentities");
        var keyring = app.LogicalIdOf("AWS::DynamoDB::Table", "Tableskeyring");

        // Act
        var statements = DynamoDBStatementsOf(app, "frontend");

        // Assert: what DynamoDBXmlRepository calls, PutItem and Scan, and nothing else.
        var items = Assert.Single(statements).Value;
        Assert.Equal("Itemskeyring", items["Sid"]!.GetValue<string>());
        Assert.Equal(["dynamodb:PutItem", "dynamodb:Scan"], ActionsOf(items));
        Assert.Equal([StackTemplate.GetAtt(keyring, "Arn").ToJsonString()], ResourcesOf(items));
        Assert.DoesNotContain(identities, items.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AReferenceWithoutDeclaredAccessGetsSingleItemReadAndWriteWithoutScanOrBatchWrite()
    {
        // Arrange: the three-projects fixture is a manifest from before access levels.
        var synthesized = await environments.ThreeProjects(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var statements = DynamoDBStatementsOf(app, "worker");

        // Assert
        Assert.Equal(
            ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
            ActionsOf(statements["Itemsidentities"]));
        Assert.Equal(["dynamodb:Query"], ActionsOf(statements["Indexesidentities"]));
        Assert.Contains("Describeidentities", statements.Keys);
        Assert.DoesNotContain(statements.Values, st => st.ToJsonString().Contains("dynamodb:Scan", StringComparison.Ordinal)
            || st.ToJsonString().Contains("dynamodb:BatchWriteItem", StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task NoServiceMayChangeATablesDefinitionOrUseAWildcard()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var statements = synthesized.Model.Services.SelectMany(s => StatementsOf(app, TaskRoleOf(app, s.Name))).Select(st => st.ToJsonString()).ToList();

        // Assert
        Assert.DoesNotContain(statements, st => st.Contains("dynamodb:*", StringComparison.Ordinal)
            || st.Contains("CreateTable", StringComparison.Ordinal) || st.Contains("DeleteTable", StringComparison.Ordinal) || st.Contains("UpdateTable", StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheTableNameReachesTheReferencingServiceAsItsConfigurationVariable()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var table = app.LogicalIdOf("AWS::DynamoDB::Table", "Tablesidentities");

        // Act
        var environment = StackTemplate.EnvironmentOf(app.AppContainer("backend"));

        // Assert
        Assert.Equal($$"""{"Ref":"{{table}}"}""", environment["AWS__Resources__identities__TableName"]);
        Assert.DoesNotContain("AWS__Resources__identities__TableName", StackTemplate.EnvironmentOf(app.AppContainer("frontend")).Keys);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ExecutionRolesPullOnlyTheirOwnRepository()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var pulls = synthesized.Model.Services.ToDictionary(s => s.Name, s =>
        {
            var role = app.Resource(app.LogicalIdOf("AWS::ECS::TaskDefinition", $"{s.Name}Task"))["Properties"]!["ExecutionRoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
            return StatementsOf(app, role).Single(st => st["Action"]!.ToJsonString().Contains("ecr:BatchGetImage", StringComparison.Ordinal))["Resource"]!.ToJsonString();
        });

        // Assert
        Assert.All(pulls, pull => Assert.EndsWith($":repository/identitye2e-dev/{pull.Key}\"]]}}", pull.Value, StringComparison.Ordinal));
    }
}
