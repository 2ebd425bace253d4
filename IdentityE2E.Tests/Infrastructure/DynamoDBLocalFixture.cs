using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// A real DynamoDB Local, in memory, with the identities table created from the AppHost's own definition,
/// so that backend tests exercise the same table the system runs on.
/// </summary>
public sealed class DynamoDBLocalFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    public string TableName { get; private set; } = "";

    public IAmazonDynamoDB Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var table = await ReadTableDefinitionAsync("identities", timeout.Token);
        TableName = table.PhysicalName;

        var port = FreeTcpPort();
        ServiceUrl = $"http://127.0.0.1:{port}";
        var tools = Path.Combine(RepositoryRoot.Path, "tools");
        var jarDirectory = DynamoDBLocal.FindJarDirectory(tools);
        var start = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in DynamoDBLocal.JavaArguments(jarDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), ServiceUrl, dataPath: null, DynamoDBLocal.LoopbackLauncher(tools)))
        {
            start.ArgumentList.Add((string)argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("java did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = DynamoDBTableProvisioner.CreateLocalClient(ServiceUrl);
        await WaitUntilAnswersAsync(timeout.Token);
        await CreateTableAsync(table, timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads a table's definition from the AppHost's model without starting anything.</summary>
    public static async Task<DynamoDBTableResource> ReadTableDefinitionAsync(string name, CancellationToken cancellationToken)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:InMemory=true", "DynamoDB:Local:Runtime=Java"], cancellationToken);
        return builder.Resources.OfType<DynamoDBTableResource>().Single(t => t.Name == name);
    }

    /// <summary>
    /// A fresh DynamoDB Local's first table can take longer than the client's 5-second timeout on a busy machine (the
    /// JVM is still warming up), so creating it is retried until the start deadline; it is idempotent.
    /// </summary>
    private async Task CreateTableAsync(DynamoDBTableResource table, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await DynamoDBTableProvisioner.EnsureCreatedAsync(Client, table.Definition, TableName, NullLogger.Instance, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is TimeoutException or HttpRequestException && !_process!.HasExited)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Client.ListTablesAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !_process!.HasExited)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
