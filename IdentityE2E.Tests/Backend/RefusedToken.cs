namespace IdentityE2E.Tests.Backend;

/// <summary>Tokens the backend must refuse (401), each wrong in one way only.</summary>
public enum RefusedToken
{
    /// <summary>The provider's automation token, re-signed with the provider's own key and an expiry ten minutes ago.</summary>
    Expired,

    /// <summary>A real token from a second provider with the same keys at another address: only the issuer is wrong.</summary>
    WrongIssuer,

    /// <summary>The provider's automation token, re-signed with an attacker's key under the provider's key id.</summary>
    ForgedSignature,

    /// <summary>A real client-credentials token of a client the backend does not list.</summary>
    UnknownClient,

    /// <summary>The provider's automation token with alg none and no signature.</summary>
    NoSignature,

    /// <summary>Not a JWT at all.</summary>
    NotAToken,
}
