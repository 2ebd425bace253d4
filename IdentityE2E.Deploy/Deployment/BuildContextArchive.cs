using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// Zips a Docker build context for CodeBuild, leaving out what its <c>.dockerignore</c> excludes, as docker would not
/// send it to the daemon either. The patterns docker documents are honoured in their common form: <c>*</c>, <c>?</c> and
/// <c>**</c> wildcards, a leading <c>/</c>, directories excluding everything below them, <c>!</c> re-including, the last
/// matching line winning, and comments. Character classes (<c>[a-z]</c>) are not supported; a line with one matches
/// literally. Symbolic links are stored as the files they point to.
/// </summary>
internal static class BuildContextArchive
{
    /// <summary>Where a Dockerfile from outside the context goes inside the zip, so the build still finds it.</summary>
    public const string OutsideDockerfileName = ".identitye2e.Dockerfile";

    /// <summary>Writes the zip; returns the Dockerfile's path inside it, as the build's --file needs it.</summary>
    public static string Create(string contextDirectory, string dockerfile, string zipPath)
    {
        if (!Directory.Exists(contextDirectory))
        {
            throw new DeployException($"The build context {contextDirectory} does not exist.");
        }

        if (!File.Exists(dockerfile))
        {
            throw new DeployException($"The Dockerfile {dockerfile} does not exist.");
        }

        var ignore = IgnoreRules.Read(Path.Combine(contextDirectory, ".dockerignore"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        File.Delete(zipPath);
        var dockerfileInZip = Path.GetRelativePath(contextDirectory, dockerfile).Replace('\\', '/');
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(contextDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(contextDirectory, file).Replace('\\', '/');
            // The Dockerfile and .dockerignore always travel: docker sends them even when .dockerignore names them.
            if (relative == dockerfileInZip || relative == ".dockerignore" || !ignore.Excludes(relative))
            {
                zip.CreateEntryFromFile(file, relative, CompressionLevel.Optimal);
            }
        }

        if (dockerfileInZip.StartsWith("../", StringComparison.Ordinal))
        {
            zip.CreateEntryFromFile(dockerfile, OutsideDockerfileName, CompressionLevel.Optimal);
            return OutsideDockerfileName;
        }

        return dockerfileInZip;
    }

    /// <summary>The lines of a .dockerignore as (exclude or re-include, pattern) in file order.</summary>
    private sealed class IgnoreRules(IReadOnlyList<(bool Exclude, Regex Pattern)> rules)
    {
        public static IgnoreRules Read(string path)
        {
            if (!File.Exists(path))
            {
                return new IgnoreRules([]);
            }

            var rules = new List<(bool, Regex)>();
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var exclude = !line.StartsWith('!');
                var pattern = (exclude ? line : line[1..].Trim()).Replace('\\', '/').Trim('/');
                // docker cleans each pattern like a path: "./x" is "x".
                while (pattern.StartsWith("./", StringComparison.Ordinal))
                {
                    pattern = pattern[2..];
                }

                if (pattern.Length > 0)
                {
                    rules.Add((exclude, ToRegex(pattern)));
                }
            }

            return new IgnoreRules(rules);
        }

        /// <summary>The last rule matching the file or one of its parent folders decides.</summary>
        public bool Excludes(string relativePath)
        {
            var excluded = false;
            foreach (var (exclude, pattern) in rules)
            {
                if (PathAndParents(relativePath).Any(pattern.IsMatch))
                {
                    excluded = exclude;
                }
            }

            return excluded;
        }

        private static IEnumerable<string> PathAndParents(string path)
        {
            for (var end = path.Length; end > 0; end = path.LastIndexOf('/', end - 1))
            {
                yield return path[..end];
            }
        }

        private static Regex ToRegex(string pattern)
        {
            var regex = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    // "**/" matches any number of folders, including none.
                    var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    regex.Append(slash ? "(.*/)?" : ".*");
                    i += slash ? 2 : 1;
                }
                else
                {
                    regex.Append(pattern[i] switch
                    {
                        '*' => "[^/]*",
                        '?' => "[^/]",
                        var c => Regex.Escape(c.ToString()),
                    });
                }
            }

            return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
        }
    }
}
