namespace IdentityE2E.Deploy.Environments;

/// <summary>
/// The CPU every task runs on, and so what every image is built for. ARM64 (Graviton) costs about 20 % less on
/// Fargate for the same size; .NET publishes for it without emulation.
/// </summary>
internal enum TaskArchitecture
{
    Arm64,
    X86_64,
}

internal static class TaskArchitectureNames
{
    /// <summary>The platform docker, podman and CodeBuild build for (<c>--platform</c>).</summary>
    public static string ImagePlatform(this TaskArchitecture architecture) => architecture == TaskArchitecture.Arm64 ? "linux/arm64" : "linux/amd64";

    /// <summary>The runtime identifier dotnet publish builds a project's image for (<c>-r</c>).</summary>
    public static string RuntimeIdentifier(this TaskArchitecture architecture) => architecture == TaskArchitecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>How the environment file spells it.</summary>
    public static string Setting(this TaskArchitecture architecture) => architecture == TaskArchitecture.Arm64 ? "arm64" : "x86_64";
}
