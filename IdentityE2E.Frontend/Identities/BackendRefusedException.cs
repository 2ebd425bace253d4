namespace IdentityE2E.Frontend.Identities;

/// <summary>
/// The backend refused the user's request: 403 (the user may not do this) or 401 (the session's token is no
/// longer accepted). Pages show a readable page for it; it is never an error.
/// </summary>
public sealed class BackendRefusedException : Exception
{
    public BackendRefusedException()
        : this(forbidden: true, "The identity service refused the request.")
    {
    }

    public BackendRefusedException(string message)
        : this(forbidden: true, message)
    {
    }

    public BackendRefusedException(string message, Exception? innerException)
        : base(message, innerException) => Forbidden = true;

    public BackendRefusedException(bool forbidden, string message)
        : base(message) => Forbidden = forbidden;

    /// <summary>True for 403 (not allowed), false for 401 (sign in again).</summary>
    public bool Forbidden { get; }
}
