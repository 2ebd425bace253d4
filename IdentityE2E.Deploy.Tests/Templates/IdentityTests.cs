using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
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
        Assert.Equal(synthesized.Model.Services.Count, tasks.Count);
        Assert.Equal(tasks.Count, tasks.Select(t => t["TaskRoleArn"]!.ToJsonString()).Distinct().Count());
        Assert.Equal(tasks.Count, tasks.Select(t => t["ExecutionRoleArn"]!.ToJsonString()).Distinct().Count());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyServicesThatReferenceATableGetItemLevelAccessToItAndItsIndexes()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var table = app.LogicalIdOf("AWS::DynamoDB::Table", "Tablesidentities");
        var keyring = app.LogicalIdOf("AWS::DynamoDB::Table", "Tableskeyring");

        // Act
        var grants = synthesized.Model.Services.ToDictionary(
            s => s.Name,
            s => StatementsOf(app, TaskRoleOf(app, s.Name)).Where(st => st["Action"]!.ToJsonString().Contains("dynamodb:", StringComparison.Ordinal)).ToList());

        // Assert
        Assert.All(grants["frontend"], st => Assert.DoesNotContain(table, st.ToJsonString(), StringComparison.Ordinal));
        Assert.Contains(grants["frontend"], st => st.ToJsonString().Contains(keyring, StringComparison.Ordinal));
        var items = Assert.Single(grants["backend"], st => st["Sid"]!.GetValue<string>().StartsWith("Items", StringComparison.Ordinal));
        Assert.Equal(Tables.ItemActions.Order(), items["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        var resources = items["Resource"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
        var indexes = synthesized.Model.Tables.Single(t => t.Name == "identities").GlobalSecondaryIndexes;
        Assert.Equal(1 + indexes.Count, resources.Count);
        Assert.All(indexes, index => Assert.Contains(resources, r => r.Contains($"/index/{index.Name}", StringComparison.Ordinal)));
        Assert.Contains(resources, r => r.Contains("/index/by-created", StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains("/index/history", StringComparison.Ordinal));
        Assert.All(resources, r => Assert.Contains(table, r, StringComparison.Ordinal));
        Assert.DoesNotContain(grants.Values.SelectMany(g => g), st => st.ToJsonString().Contains("dynamodb:*", StringComparison.Ordinal)
            || st.ToJsonString().Contains("CreateTable", StringComparison.Ordinal) || st.ToJsonString().Contains("DeleteTable", StringComparison.Ordinal));
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
