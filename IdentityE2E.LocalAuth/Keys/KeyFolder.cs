namespace IdentityE2E.LocalAuth.Keys;

/// <summary>The folder that holds the signing, encryption and data protection keys.</summary>
internal static class KeyFolder
{
    public static DirectoryInfo Ensure(string path)
    {
        var folder = Directory.Exists(path)
            ? new DirectoryInfo(path)
            : OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(path)
                : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }
}
