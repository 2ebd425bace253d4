using System.IO.Compression;
using IdentityE2E.Deploy.Deployment;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Deployment;

/// <summary>The zip CodeBuild builds from holds what docker would send: the context less what .dockerignore excludes.</summary>
public sealed class BuildContextArchiveTests
{
    private static string Context(params (string Path, string Content)[] files)
    {
        var context = TestPaths.NewTemporaryDirectory("context");
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(context, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return context;
    }

    private static List<string> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return [.. archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void AnAllowListDockerignoreKeepsOnlyWhatItReincludesAndTheDockerfile()
    {
        // Arrange: the notes sample's .dockerignore.
        var context = Context(
            (".dockerignore", "# only the app\n*\n!requirements.txt\n!app.py\n"),
            ("Dockerfile", "FROM python:3.12-slim"), ("app.py", "x"), ("requirements.txt", "flask"),
            (".venv/lib/site.py", "x"), ("__pycache__/app.cpython-312.pyc", "x"), (".env", "SECRET=1"));
        var zip = Path.Combine(context, "..", $"{Guid.NewGuid():N}.zip");

        // Act
        var dockerfile = BuildContextArchive.Create(context, Path.Combine(context, "Dockerfile"), zip);

        // Assert
        Assert.Equal("Dockerfile", dockerfile);
        Assert.Equal([".dockerignore", "Dockerfile", "app.py", "requirements.txt"], Entries(zip));
    }

    [Fact]
    public void FoldersWildcardsAndExceptionsAreHonouredTheLastMatchingLineWinning()
    {
        // Arrange
        var context = Context(
            (".dockerignore", "node_modules\n**/*.log\n/build\n!build/keep.txt\n./secrets/\n"),
            ("Dockerfile", "FROM scratch"), ("src/main.js", "x"), ("src/debug.log", "x"), ("debug.log", "x"),
            ("node_modules/a/index.js", "x"), ("build/out.bin", "x"), ("build/keep.txt", "x"), ("secrets/key.pem", "x"), ("src/build/x.txt", "x"));
        var zip = Path.Combine(context, "..", $"{Guid.NewGuid():N}.zip");

        // Act
        BuildContextArchive.Create(context, Path.Combine(context, "Dockerfile"), zip);

        // Assert
        Assert.Equal([".dockerignore", "Dockerfile", "build/keep.txt", "src/build/x.txt", "src/main.js"], Entries(zip));
    }

    [Fact]
    public void ADockerfileOutsideTheContextTravelsUnderAReservedName()
    {
        // Arrange
        var context = Context(("app/main.py", "x"), ("build/Dockerfile", "FROM python"));
        var zip = Path.Combine(context, "..", $"{Guid.NewGuid():N}.zip");

        // Act
        var dockerfile = BuildContextArchive.Create(Path.Combine(context, "app"), Path.Combine(context, "build", "Dockerfile"), zip);

        // Assert
        Assert.Equal(BuildContextArchive.OutsideDockerfileName, dockerfile);
        Assert.Equal([BuildContextArchive.OutsideDockerfileName, "main.py"], Entries(zip));
    }
}
