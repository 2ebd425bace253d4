using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Docs;

/// <summary>
/// Follows docs/add-a-service.md literally against a copy of the model: every block marked
/// <c>&lt;!-- walkthrough: ... --&gt;</c> is run, written or inserted, in order, and the manifest it ends with must
/// hold the new service with its table grant and its reference to the backend.
/// </summary>
public sealed partial class AddAServiceWalkthroughTests
{
    /// <summary>A cold build of the AppHost and the five projects it references, on a busy machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(12);

    private static readonly string Walkthrough = Path.Combine(RepositoryRoot.Path, "docs", "add-a-service.md");

    /// <summary>What the AppHost needs to build and publish: itself, the projects it references and the shared build files.</summary>
    private static readonly string[] CopiedFolders =
    [
        "IdentityE2E.AppHost", "IdentityE2E.Hosting.Aws", "IdentityE2E.ServiceDefaults", "IdentityE2E.Identities",
        "IdentityE2E.Backend", "IdentityE2E.Frontend", "IdentityE2E.LocalAuth", "IdentityE2E.Migration",
    ];

    private static readonly string[] CopiedFiles =
    [
        "IdentityE2E.sln", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props",
        "global.json", "nuget.config", ".editorconfig", "tools/package.json", "tools/package-lock.json",
    ];

    [Fact(Timeout = 13 * 60 * 1000)]
    public async Task FollowingTheAddAServiceWalkthroughPutsTheServiceInTheManifestWithItsGrantAndItsBackend()
    {
        // Arrange
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Bound);
        var steps = StepsOf(await File.ReadAllTextAsync(Walkthrough, timeout.Token));
        Assert.True(steps.Count >= 4, $"docs/add-a-service.md has {steps.Count} walkthrough blocks; expected the project, Program.cs, the AppHost line and the manifest.");
        var copy = Directory.CreateTempSubdirectory("add-a-service-");
        try
        {
            CopyModel(copy.FullName);

            // Act
            foreach (var step in steps)
            {
                await FollowAsync(step, copy.FullName, timeout.Token);
            }

            // Assert
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(copy.FullName, "aspire-manifest.json"), timeout.Token))!["resources"]!;
            var reports = manifest["reports"];
            Assert.True(reports is not null, "The manifest has no 'reports' resource.");
            Assert.Equal("project.v0", (string?)reports["type"]);
            Assert.Equal("IdentityE2E.Reports/IdentityE2E.Reports.csproj", (string?)reports["path"]);
            var env = reports["env"]!.AsObject();
            Assert.Equal("{backend.bindings.http.url}", (string?)env["services__backend__http__0"]);
            Assert.Equal("{identities.outputs.tableName}", (string?)env["AWS__Resources__identities__TableName"]);
            var grant = manifest["identities"]!["access"]!.AsArray().SingleOrDefault(entry => (string?)entry!["resource"] == "reports");
            Assert.True(grant is not null, "The identities table grants 'reports' nothing.");
            Assert.Equal(["get", "query", "conditionCheck", "describe"], grant["operations"]!.AsArray().Select(operation => (string)operation!));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private sealed record Step(string Instruction, string Body);

    private static List<Step> StepsOf(string markdown) =>
        [.. MarkedBlockPattern().Matches(markdown.ReplaceLineEndings("\n")).Select(match => new Step(match.Groups["instruction"].Value.Trim(), match.Groups["body"].Value))];

    private static async Task FollowAsync(Step step, string root, CancellationToken cancellationToken)
    {
        if (step.Instruction == "run")
        {
            var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", step.Body]) { WorkingDirectory = root };
            // No build servers or nodes outlive the test; no first-run banners in the output.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            var (exitCode, output) = await ChildProcess.RunAsync(start, Bound, cancellationToken);
            Assert.True(exitCode == 0, $"This step of docs/add-a-service.md failed with exit code {exitCode}:\n{step.Body}\n{output}");
        }
        else if (WritePattern().Match(step.Instruction) is { Success: true } write)
        {
            var path = Path.Combine(root, write.Groups["path"].Value);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, step.Body + "\n", cancellationToken);
        }
        else if (InsertPattern().Match(step.Instruction) is { Success: true } insert)
        {
            var path = Path.Combine(root, insert.Groups["path"].Value);
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            var anchor = insert.Groups["anchor"].Value;
            var at = text.IndexOf(anchor, StringComparison.Ordinal);
            Assert.True(at >= 0, $"docs/add-a-service.md inserts before \"{anchor}\", which {insert.Groups["path"].Value} does not contain.");
            await File.WriteAllTextAsync(path, text.Insert(at, step.Body + "\n\n"), cancellationToken);
        }
        else
        {
            Assert.Fail($"docs/add-a-service.md has a walkthrough block this test cannot follow: '{step.Instruction}'.");
        }
    }

    /// <summary>
    /// The projects as they are in the working tree, without build output. tools/node_modules is linked, not
    /// installed again: the AppHost's build runs npm ci only when it is missing or older than the lock file.
    /// </summary>
    private static void CopyModel(string destination)
    {
        foreach (var file in CopiedFiles)
        {
            CopyFile(Path.Combine(RepositoryRoot.Path, file), Path.Combine(destination, file));
        }

        foreach (var folder in CopiedFolders)
        {
            var source = Path.Combine(RepositoryRoot.Path, folder);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                if (relative.Split(Path.DirectorySeparatorChar) is ["bin" or "obj", ..])
                {
                    continue;
                }

                CopyFile(file, Path.Combine(destination, folder, relative));
            }
        }

        var nodeModules = Path.Combine(RepositoryRoot.Path, "tools", "node_modules");
        if (Directory.Exists(nodeModules))
        {
            Directory.CreateSymbolicLink(Path.Combine(destination, "tools", "node_modules"), nodeModules);
        }
    }

    private static void CopyFile(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination);
        // Keeps incremental build checks (the npm tools' stamp against the lock file) as they are in the checkout.
        File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(source));
    }

    [GeneratedRegex(@"<!--\s*walkthrough:(?<instruction>[^>]*?)-->\s*\n```[a-z]*\n(?<body>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex MarkedBlockPattern();

    [GeneratedRegex(@"^write (?<path>\S+)$")]
    private static partial Regex WritePattern();

    [GeneratedRegex("""^insert into (?<path>\S+) before "(?<anchor>[^"]+)"$""")]
    private static partial Regex InsertPattern();
}
