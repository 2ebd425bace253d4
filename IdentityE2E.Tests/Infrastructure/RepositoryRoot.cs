namespace IdentityE2E.Tests.Infrastructure;

/// <summary>The checkout's root folder, found from the test binaries by walking up to the solution file.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "IdentityE2E.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IdentityE2E.sln not found above " + AppContext.BaseDirectory);
    }
}
