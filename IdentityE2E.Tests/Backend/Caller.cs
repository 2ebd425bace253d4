namespace IdentityE2E.Tests.Backend;

/// <summary>The callers of the contract: what the frontend's users and the automation client present.</summary>
public enum Caller
{
    /// <summary>A client-credentials token of the automation client: sub == client_id, both scopes.</summary>
    Automation,

    /// <summary>A user in the group editors, signed in through the frontend client.</summary>
    Editor,

    /// <summary>A user in the group viewers only, signed in through the frontend client.</summary>
    Viewer,
}
