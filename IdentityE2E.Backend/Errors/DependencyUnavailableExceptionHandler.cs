using System.Globalization;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
// Amazon.Runtime has an IExceptionHandler of its own.
using AmazonServiceException = Amazon.Runtime.AmazonServiceException;

namespace IdentityE2E.Backend.Errors;

/// <summary>
/// Turns "DynamoDB is down, slow or throttling us" into 503 with Retry-After, so callers back off and
/// retry instead of reporting a server bug. Everything else is left to the default 500 handling.
/// </summary>
internal sealed partial class DependencyUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<DependencyUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    /// <summary>A status code for a request the client gave up on (nginx's); nobody reads the answer.</summary>
    private const int ClientClosedRequest = 499;

    private static readonly HashSet<string> TransientErrorCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException", "RequestLimitExceeded", "ThrottlingException",
        "Throttling", "LimitExceededException", "InternalServerError", "ServiceUnavailable",
        "TransactionConflictException", "TransactionInProgressException",
        // The table is missing while the AppHost is still creating it, or a deployment is incomplete.
        "ResourceNotFoundException",
    };

    private static readonly HashSet<string> TransientCancellationReasons = new(StringComparer.Ordinal)
    {
        "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded",
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Response.StatusCode = ClientClosedRequest;
            return true;
        }

        if (!IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is temporarily unavailable.",
                Detail = $"The identity store did not answer. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary>True when the failure is the data store's, and waiting is likely to fix it.</summary>
    internal static bool IsUnavailable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (IsTransient(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        TransactionCanceledException canceled => canceled.CancellationReasons?.Any(
            reason => reason.Code is { } code && TransientCancellationReasons.Contains(code)) == true,
        // No AWS error code means the answer came from something in between (a proxy, a load
        // balancer), not from DynamoDB.
        AmazonServiceException service => string.IsNullOrEmpty(service.ErrorCode)
            || TransientErrorCodes.Contains(service.ErrorCode)
            || (int)service.StatusCode >= 500,
        // Our own time budgets; the client's abort was handled before.
        HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity store is unavailable for {Method} {Path}")]
    private partial void LogUnavailable(Exception exception, string method, string path);
}
