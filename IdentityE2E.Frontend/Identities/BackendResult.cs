namespace IdentityE2E.Frontend.Identities;

/// <summary>How the backend answered a change (create, update, delete); the pages switch over it.</summary>
public abstract record BackendResult
{
    private BackendResult()
    {
    }

    /// <summary>201: the identity was stored.</summary>
    public sealed record Created(Identity Identity) : BackendResult;

    /// <summary>200: the identity was changed; it carries the new version.</summary>
    public sealed record Updated(Identity Identity) : BackendResult;

    /// <summary>204: the identity is gone.</summary>
    public sealed record Deleted : BackendResult;

    /// <summary>400: the fields the backend refused, keyed by their camelCase wire names.</summary>
    public sealed record ValidationFailed(IReadOnlyDictionary<string, string[]> Errors) : BackendResult;

    /// <summary>409: another identity already uses the email address.</summary>
    public sealed record Conflict : BackendResult;

    /// <summary>412: the identity changed since the version the change was based on.</summary>
    public sealed record PreconditionFailed : BackendResult;

    /// <summary>404: there is no such identity (any more).</summary>
    public sealed record NotFound : BackendResult;
}
