using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Speaks the DynamoDB protocol to the emulator: DynamoDB Local answers GET / with 400, so an HTTP probe
/// cannot tell a healthy emulator from a broken one. With a table it also proves the table is there.
/// </summary>
internal sealed class DynamoDBLocalHealthCheck(DynamoDBResource dynamodb, DynamoDBTableResource? table = null) : IHealthCheck, IDisposable
{
    private AmazonDynamoDBClient? _client;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (dynamodb.EmulatorEndpoint is not { IsAllocated: true } endpoint)
        {
            return HealthCheckResult.Unhealthy("DynamoDB Local has no endpoint yet.");
        }

        _client ??= DynamoDBTableProvisioner.CreateLocalClient(endpoint.Url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            if (table is null)
            {
                await _client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, timeout.Token);
                return HealthCheckResult.Healthy();
            }

            return await DynamoDBTableProvisioner.ExistsAsync(_client, table.PhysicalName, timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Table {table.PhysicalName} does not exist yet.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Refused connections are the normal state while the JVM starts: one line with the reason says
            // enough, where a stack trace on every probe buries the dashboard's console log.
            var reason = exception is OperationCanceledException ? "no answer within 3 s" : exception.GetBaseException().Message;
            return HealthCheckResult.Unhealthy($"DynamoDB Local does not answer ({reason}).");
        }
    }

    public void Dispose() => _client?.Dispose();
}
