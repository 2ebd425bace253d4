namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>&lt;service binary&gt; --prepare-tmp</c>: opens /tmp like any /tmp (1777) and exits. Fargate mounts task storage
/// owned by root with mode 0755 (aws/containers-roadmap#938); the publisher's one-shot prepare-tmp step runs this as
/// root before the app starts, because a chiseled image has no chmod to run instead.
/// </summary>
public static class TmpPreparation
{
    public const string Argument = "--prepare-tmp";

    public const string Path = "/tmp";

    public static bool IsRequested(string[] args) => args.Contains(Argument, StringComparer.Ordinal);

    /// <summary>Sets the mode of /tmp to 1777; 0 on success, 1 with the reason otherwise.</summary>
    public static int Run()
    {
        if (OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine($"{Argument} is for Linux containers.");
            return 1;
        }

        try
        {
            File.SetUnixFileMode(Path, UnixFileMode.StickyBit
                | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            return 0;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            Console.Error.WriteLine($"Could not open {Path}: {exception.Message}");
            return 1;
        }
    }
}
