namespace IdentityE2E.Deploy;

/// <summary>Where the publisher finds the repository's files: the folder that holds IdentityE2E.sln.</summary>
internal sealed record RepositoryLayout(string Root)
{
    public const string SolutionFile = "IdentityE2E.sln";

    public string Manifest => Path.Combine(Root, "aspire-manifest.json");

    public string EnvironmentsDirectory => Path.Combine(Root, "deploy", "environments");

    public string ToolsDirectory => Path.Combine(Root, "tools");

    public string CdkCli => Path.Combine(ToolsDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "cdk.cmd" : "cdk");

    public string DefaultOutput(string environment) => Path.Combine(Root, "cdk.out", environment);

    /// <summary>Walks up from the working directory, then from the program's own folder.</summary>
    public static RepositoryLayout Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return new RepositoryLayout(dir.FullName);
                }
            }
        }

        throw new DeployException($"Cannot find the repository root ({SolutionFile}) above '{Directory.GetCurrentDirectory()}'; run the tool inside the repository.");
    }
}
