using System.Diagnostics;
using System.Text.Json.Nodes;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.AppHost;

public sealed class ManifestTests
{
    private const string RegenerateCommand =
        "dotnet run --project IdentityE2E.AppHost -- --publisher manifest --output-path ../aspire-manifest.json";

    private static readonly string CheckedInPath = Path.Combine(RepositoryRoot.Path, "aspire-manifest.json");

    [Fact]
    public async Task TheCheckedInManifestIsWhatTheAppHostPublishes()
    {
        // Arrange: publish next to the checked-in file so relative project paths come out the same.
        var freshPath = Path.Combine(RepositoryRoot.Path, $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");
        try
        {
            // Act
            await PublishManifestAsync(freshPath, TestContext.Current.CancellationToken);

            // Assert
            var fresh = Normalize(await File.ReadAllTextAsync(freshPath, TestContext.Current.CancellationToken));
            var checkedIn = Normalize(await File.ReadAllTextAsync(CheckedInPath, TestContext.Current.CancellationToken));
            Assert.True(fresh == checkedIn, $"aspire-manifest.json is stale; regenerate it with: {RegenerateCommand}\n{fresh}");
        }
        finally
        {
            File.Delete(freshPath);
        }
    }

    [Fact]
    public void TheManifestCarriesTheTableAndNothingFromRunMode()
    {
        // Arrange
        var text = File.ReadAllText(CheckedInPath);
        var resources = JsonNode.Parse(text)!["resources"]!.AsObject();

        // Act
        var names = resources.Select(r => r.Key).Order().ToArray();

        // Assert
        Assert.Equal(["auth", "backend", "cursor-signing-key", "dynamodb", "frontend", "identities", "keyring", "migration", "migration-task"], names);
        Assert.Equal(("aws.ecs.task.v0", "migration"), ((string?)resources["migration-task"]!["type"], (string?)resources["migration-task"]!["resource"]));
        Assert.Null(resources["migration"]!["args"]);
        Assert.Equal("aws.cognito.userpool.v0", (string?)resources["auth"]!["type"]);
        Assert.Equal("{auth.outputs.issuer}", (string?)resources["backend"]!["env"]!["Auth__Authority"]);
        Assert.Equal("{auth.outputs.clients.frontend.secret}", (string?)resources["frontend"]!["env"]!["Auth__ClientSecret"]);
        Assert.Null(resources["backend"]!["env"]!["Auth__ClientSecret"]);
        Assert.Equal("{keyring.outputs.tableName}", (string?)resources["frontend"]!["env"]!["AWS__Resources__keyring__TableName"]);
        Assert.Equal("aws.dynamodb.table.v0", (string?)resources["identities"]!["type"]);
        Assert.Equal("pk", (string?)resources["identities"]!["partitionKey"]!["name"]);
        Assert.Equal("{identities.outputs.tableName}", (string?)resources["backend"]!["env"]!["AWS__Resources__identities__TableName"]);
        Assert.Null(resources["frontend"]!["env"]!["AWS__Resources__identities__TableName"]);
        Assert.True(resources["frontend"]!["bindings"]!["http"]!["external"]!.GetValue<bool>());
        Assert.Null(resources["backend"]!["bindings"]!["http"]!["external"]);
        foreach (var runModeOnly in new[] { "dynamodb-local", "dynamodb-admin", "auth-local", "password", "LocalAuth", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "localhost", "127.0.0.1", "/root", "/home" })
        {
            Assert.DoesNotContain(runModeOnly, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void EveryTableSaysWhatEachServiceDoesWithIt()
    {
        // Arrange
        var resources = JsonNode.Parse(File.ReadAllText(CheckedInPath))!["resources"]!.AsObject();

        // Act
        string[] OperationsOf(string table, string service) =>
            [.. resources[table]!["access"]!.AsArray().Single(user => (string?)user!["resource"] == service)!["operations"]!.AsArray().Select(o => o!.GetValue<string>())];

        // Assert: single-item reads and writes for the backend, what the key ring repository calls for the frontend,
        // creating, reading back and exporting for the migration job.
        Assert.Equal(["get", "query", "conditionCheck", "describe", "put", "update", "delete"], OperationsOf("identities", "backend"));
        Assert.Equal(["get", "query", "put"], OperationsOf("identities", "migration"));
        Assert.Equal(["put", "scan"], OperationsOf("keyring", "frontend"));
        Assert.Equal(2, resources["identities"]!["access"]!.AsArray().Count);
        Assert.Single(resources["keyring"]!["access"]!.AsArray());
    }

    private static async Task PublishManifestAsync(string outputPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "run", "--no-build", "-c", ChildProcess.Configuration, "--project", Projects.IdentityE2E_AppHost.ProjectPath,
                "--", "--publisher", "manifest", "--output-path", outputPath,
            },
        };
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2), cancellationToken);
        Assert.True(exitCode == 0, $"The AppHost failed to publish its manifest:\n{output}");
    }

    private static string Normalize(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
