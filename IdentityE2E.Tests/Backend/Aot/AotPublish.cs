using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Backend.Aot;

/// <summary>
/// The backend published with Native AOT for this machine, once per content of its inputs: the output is kept
/// under artifacts/aot-backend/&lt;hash of the sources and build files&gt;, so a second run with nothing changed
/// skips the minute or two that the AOT compiler takes. Build output goes to its own artifacts folder, so the
/// publish never touches the bin and obj folders of the build the tests run from.
/// </summary>
public static class AotPublish
{
    public const string ProjectName = "IdentityE2E.Backend";

    // A bound, not the expected time: about 2 minutes on an idle 2-core machine, far more on a busy one.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    // What the binary is made of: the backend and the projects it references, and the build settings they share.
    private static readonly string[] ProjectFolders = [ProjectName, "IdentityE2E.Identities", "IdentityE2E.ServiceDefaults"];
    private static readonly string[] BuildFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config"];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The runtime the native binary is built for: the machine's own, as Native AOT needs.</summary>
    public static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;

    /// <summary>The path of the native executable, publishing it first unless this content was published before.</summary>
    public static async Task<string> EnsurePublishedAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "aot-backend", $"{RuntimeIdentifier}-{InputHash()}");
        var output = Path.Combine(folder, "publish");
        var executable = Path.Combine(output, ProjectName);
        var done = Path.Combine(folder, "published");
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(done) && File.Exists(executable))
            {
                return executable;
            }

            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "publish", Path.Combine(RepositoryRoot.Path, ProjectName, $"{ProjectName}.csproj"),
                    "-c", "Release", "-r", RuntimeIdentifier, "-p:PublishAot=true",
                    "--artifacts-path", Path.Combine(folder, "build"), "-o", output,
                },
                WorkingDirectory = RepositoryRoot.Path,
            };
            var (exitCode, log) = await ChildProcess.RunAsync(start, PublishTimeout, cancellationToken);
            Assert.True(exitCode == 0, $"The Native AOT publish of the backend failed:\n{log}");
            Assert.True(File.Exists(executable), $"The Native AOT publish left no {executable}:\n{log}");
            await File.WriteAllTextAsync(done, DateTime.UtcNow.ToString("O"), cancellationToken);
            return executable;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A hash of every input file's path and content (bin, obj and editor folders left out).</summary>
    internal static string InputHash()
    {
        var root = RepositoryRoot.Path;
        var files = ProjectFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".vs" or ".idea"))
            .Concat(BuildFiles.Select(file => Path.Combine(root, file)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file).Replace('\\', '/') + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
