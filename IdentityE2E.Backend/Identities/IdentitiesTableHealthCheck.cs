using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Identities;

/// <summary>
/// Readiness: the identities table answers. The result is kept for a few seconds because load
/// balancers and the AppHost poll /health often, and each poll would otherwise cost a DynamoDB call.
/// </summary>
internal sealed class IdentitiesTableHealthCheck(
    IAmazonDynamoDB dynamoDB,
    IOptions<IdentitiesTableOptions> options,
    TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private volatile CachedResult? cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (cached is { } last && now - last.At < CacheFor)
        {
            return last.Result;
        }

        var result = await DescribeAsync(cancellationToken);
        cached = new CachedResult(now, result);
        return result;
    }

    private async Task<HealthCheckResult> DescribeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            var response = await dynamoDB.DescribeTableAsync(
                new DescribeTableRequest { TableName = options.Value.TableName }, timeout.Token);
            var status = response.Table.TableStatus;
            return status == TableStatus.ACTIVE || status == TableStatus.UPDATING
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Table is {status}.");
        }
        // HealthCheckService logs the exception with the result; /health shows only the status word.
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The identities table does not answer.", exception);
        }
    }

    private sealed record CachedResult(DateTimeOffset At, HealthCheckResult Result);
}
