using System.Text;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting.ApplicationModel;
using IdentityE2E.Migration;
using Microsoft.Extensions.Logging.Abstractions;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Migration;

/// <summary>The outcome of one in-process run of the migration tool: exit code, console output, and the rejects file's rows.</summary>
public sealed record MigrationResult(int ExitCode, string Output, string Error, IReadOnlyList<string> Rejects)
{
    /// <summary>The row numbers in the rejects file, in order.</summary>
    public IReadOnlyList<long> RejectedRows => [.. Rejects.Select(line => long.Parse(line[..line.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>Runs the migration tool's entry point in-process against DynamoDB Local, with a source file of its own.</summary>
public sealed class MigrationRun(DynamoDBLocalFixture dynamoDB, string? tableName = null) : IDisposable
{
    private readonly string _tableName = tableName ?? dynamoDB.TableName;

    private readonly string _directory = Directory.CreateTempSubdirectory("identitye2e-migration-").FullName;

    public string RejectsPath => Path.Combine(_directory, "rejects.csv");

    public string WriteSource(string fileName, string content)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public Task<MigrationResult> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        RunAsync(rowsDone: null, cancellationToken, args);

    /// <summary>Runs with an observer of the rows finished, e.g. to cancel the run midway.</summary>
    public async Task<MigrationResult> RunAsync(Action<long>? rowsDone, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new MigrationContext(
            TextWriter.Synchronized(output), TextWriter.Synchronized(error), _tableName,
            () => DynamoDBTableProvisioner.CreateLocalClient(dynamoDB.ServiceUrl), rowsDone,
            DynamoDBTableProvisioner.CreateLocalClient);
        var exitCode = await MigrationCommand.RunAsync(args is ["import", ..] ? [.. args, "--rejects", RejectsPath] : args, context, cancellationToken);
        var rejects = File.Exists(RejectsPath) ? File.ReadAllLines(RejectsPath).Skip(1).ToList() : [];
        return new(exitCode, output.ToString(), error.ToString(), rejects);
    }

    /// <summary>The stored identity an import derives from a source key (<c>id:...</c> or <c>email:...</c>), or null.</summary>
    public async Task<Dictionary<string, AttributeValue>?> ReadAsync(string pk, CancellationToken cancellationToken)
    {
        var response = await dynamoDB.Client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new() { ["pk"] = new() { S = pk } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>An empty table with the identities table's definition, for runs that must start from nothing.</summary>
    public static async Task<string> CreateEmptyTableAsync(DynamoDBLocalFixture dynamoDB, CancellationToken cancellationToken)
    {
        var table = await DynamoDBLocalFixture.ReadTableDefinitionAsync("identities", cancellationToken);
        var name = $"identities-{Guid.NewGuid():N}";
        await DynamoDBTableProvisioner.EnsureCreatedAsync(dynamoDB.Client, table.Definition, name, NullLogger.Instance, cancellationToken);
        return name;
    }

    /// <summary>Every item of a table, each as its attributes in DynamoDB JSON, sorted: equal lists are equal tables.</summary>
    public static async Task<List<string>> ScanAsync(DynamoDBLocalFixture dynamoDB, string tableName, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDB.Client.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken);
            items.AddRange((response.Items ?? []).Select(item => string.Join(";", item.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => $"{a.Key}={a.Value.S}{a.Value.N}{(a.Value.L is { Count: > 0 } list ? string.Join(",", list.Select(v => v.S)) : "")}"))));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        items.Sort(StringComparer.Ordinal);
        return items;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
