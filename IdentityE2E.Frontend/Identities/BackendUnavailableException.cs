namespace IdentityE2E.Frontend.Identities;

/// <summary>
/// The backend could not answer: unreachable, timed out, circuit open or a 5xx. Pages show a retry
/// message with status 503 for it; every other exception stays a real error.
/// </summary>
public sealed class BackendUnavailableException : Exception
{
    public BackendUnavailableException()
        : this("The identity service is not reachable.")
    {
    }

    public BackendUnavailableException(string message)
        : base(message)
    {
    }

    public BackendUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BackendUnavailableException(string message, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    /// <summary>How long the backend asked callers to wait (its Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
