using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Samples;

/// <summary>The sample AppHost's checked-in manifest, which the publisher synthesizes like the product's.</summary>
public sealed partial class SampleManifestTests
{
    private const string RegenerateCommand =
        "dotnet run --project samples/IdentityE2E.Samples.AppHost -- --publisher manifest --output-path aspire-manifest.json";

    private static readonly string SampleFolder = Path.Combine(RepositoryRoot.Path, "samples", "IdentityE2E.Samples.AppHost");

    private static readonly string CheckedInPath = Path.Combine(SampleFolder, "aspire-manifest.json");

    private static JsonObject ResourcesOf(string path) => JsonNode.Parse(File.ReadAllText(path))!["resources"]!.AsObject();

    [Fact]
    public async Task TheCheckedInSampleManifestIsWhatTheSampleAppHostPublishes()
    {
        // Arrange: publish next to the checked-in file so relative paths come out the same.
        var freshPath = Path.Combine(SampleFolder, $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");
        try
        {
            // Act
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "run", "--no-build", "-c", ChildProcess.Configuration, "--project", Projects.IdentityE2E_Samples_AppHost.ProjectPath,
                    "--", "--publisher", "manifest", "--output-path", freshPath,
                },
            };
            var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

            // Assert
            Assert.True(exitCode == 0, $"The sample AppHost failed to publish its manifest:\n{output}");
            var fresh = (await File.ReadAllTextAsync(freshPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n").Trim();
            var checkedIn = (await File.ReadAllTextAsync(CheckedInPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n").Trim();
            Assert.True(fresh == checkedIn, $"{CheckedInPath} is stale; regenerate it with: {RegenerateCommand}\n{fresh}");
        }
        finally
        {
            File.Delete(freshPath);
        }
    }

    [Fact]
    public void TheSampleModelsTheProductExactlyAsTheProductsAppHostDoes()
    {
        // Arrange: the sample's manifest lives two folders deeper than the product's.
        var product = ResourcesOf(Path.Combine(RepositoryRoot.Path, "aspire-manifest.json"));
        var sample = ResourcesOf(CheckedInPath);

        // Act
        sample.Remove("notes");
        sample.Remove("notebook");
        var rebased = JsonNode.Parse(sample.ToJsonString().Replace("\"../../IdentityE2E.", "\"IdentityE2E.", StringComparison.Ordinal))!;

        // Assert
        Assert.True(JsonNode.DeepEquals(product, rebased), "samples/IdentityE2E.Samples.AppHost/AppHost.cs no longer models the product as IdentityE2E.AppHost/AppHost.cs does; copy the change.");
    }

    [Fact]
    public void TheNotesServiceIsBuiltFromItsDockerfileAndTellsEcsHowToRunIt()
    {
        // Arrange
        var resources = ResourcesOf(CheckedInPath);

        // Act
        var notes = resources["notes"]!;

        // Assert
        Assert.Equal("container.v1", (string?)notes["type"]);
        Assert.Equal("../notes", (string?)notes["build"]!["context"]);
        Assert.Equal("../notes/Dockerfile", (string?)notes["build"]!["dockerfile"]);
        Assert.Equal(8000, (int?)notes["bindings"]!["http"]!["targetPort"]);
        Assert.Null(notes["bindings"]!["http"]!["external"]);
        Assert.Equal("{notes.bindings.http.targetPort}", (string?)notes["env"]!["PORT"]);
        Assert.Equal("{notebook.outputs.tableName}", (string?)notes["env"]!["AWS__Resources__notebook__TableName"]);
        Assert.Equal("{backend.bindings.http.url}", (string?)notes["env"]!["services__backend__http__0"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "user": "10001", "healthCheckPath": "/health", "readOnlyRootFilesystem": true, "exceptions": [] }"""),
            notes["ecs"]), notes["ecs"]?.ToJsonString());
        Assert.Equal(["get", "describe", "put"], resources["notebook"]!["access"]!.AsArray().Single()!["operations"]!.AsArray().Select(o => (string?)o));
    }

    [Fact]
    public void TheImageRunsAsTheUserTheModelGivesEcs()
    {
        // Arrange
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "notes", "Dockerfile"));
        var ecsUser = (string?)ResourcesOf(CheckedInPath)["notes"]!["ecs"]!["user"];

        // Act
        var user = UserInstruction().Matches(dockerfile).Last().Groups["uid"].Value;

        // Assert
        Assert.Equal(ecsUser, user);
    }

    [GeneratedRegex(@"^USER\s+(?<uid>\d+)(:\d+)?\s*$", RegexOptions.Multiline)]
    private static partial Regex UserInstruction();
}
