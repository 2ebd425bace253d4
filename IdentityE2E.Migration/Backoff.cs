using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace IdentityE2E.Migration;

/// <summary>
/// Retries what DynamoDB asks to be retried: throttling and transaction conflicts. The SDK retries a
/// little on its own; a bulk load pushes far harder than a request, so it gets a longer, jittered backoff.
/// </summary>
internal static class Backoff
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    public static async Task<T> RetryAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception exception) when (attempt < MaxAttempts && IsRetryable(exception))
            {
                // Full jitter: parallel writers that failed together must not come back together.
                var ceiling = Math.Min(Longest.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, attempt - 1));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken);
            }
        }
    }

    public static bool IsRetryable(Exception exception) => exception switch
    {
        TransactionCanceledException canceled => canceled.CancellationReasons?.Any(reason =>
            reason.Code is "TransactionConflict" or "ThrottlingError" or "ProvisionedThroughputExceeded") == true,
        TransactionInProgressException or ProvisionedThroughputExceededException or RequestLimitExceededException
            or InternalServerErrorException => true,
        AmazonDynamoDBException dynamo => dynamo.ErrorCode is "ThrottlingException",
        _ => false,
    };
}
