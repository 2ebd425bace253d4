using System.Text.Json.Nodes;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityE2E.Tests.Hosting;

/// <summary>
/// A model built in a folder of its own and published as the AppHost publishes it (<c>--publisher manifest</c>,
/// in process), so that the entries come from Aspire's own manifest writer and not from a callback called by hand.
/// </summary>
public sealed class PublishedManifest : IDisposable
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(1);

    private PublishedManifest()
    {
        Folder = Directory.CreateTempSubdirectory("identitye2e-manifest-").FullName;
    }

    /// <summary>Where the manifest goes; paths in it are relative to this folder.</summary>
    public string Folder { get; }

    public string ManifestPath => Path.Combine(Folder, "aspire-manifest.json");

    /// <summary>A folder for a service's Dockerfile, holding one that runs a Python app as uid 10001.</summary>
    public string ServiceFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "Dockerfile"), "FROM python:3.12-slim\nUSER 10001\nCMD [\"python3\", \"app.py\"]\n");
        return folder;
    }

    /// <summary>A folder and an application builder in publish mode that writes its manifest into it.</summary>
    public static (PublishedManifest Manifest, IDistributedApplicationBuilder Builder) Create()
    {
        var manifest = new PublishedManifest();
        var builder = DistributedApplication.CreateBuilder(["--publisher", "manifest", "--output-path", manifest.ManifestPath]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        return (manifest, builder);
    }

    /// <summary>Runs the publisher and returns the manifest's resources.</summary>
    public async Task<JsonObject> PublishAsync(IDistributedApplicationBuilder builder)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await using (var app = builder.Build())
        {
            await app.RunAsync(timeout.Token);
        }

        var text = await File.ReadAllTextAsync(ManifestPath, timeout.Token);
        return JsonNode.Parse(text)!["resources"]!.AsObject();
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
