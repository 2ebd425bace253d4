using System.ComponentModel.DataAnnotations;

namespace IdentityE2E.Frontend.SignIn;

/// <summary>How the frontend signs staff in: section <c>Auth</c>, set by the AppHost's <c>WithReference(auth)</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The issuer: the local provider in run mode, the Cognito user pool in the cloud.</summary>
    [Required]
    public string Authority { get; set; } = "";

    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>Only the local provider on loopback may be reached over plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that lists the user's groups (<c>cognito:groups</c> in Cognito's tokens).</summary>
    public string GroupsClaim { get; set; } = "cognito:groups";

    /// <summary>Cognito names a custom scope <c>&lt;resource server&gt;/&lt;scope&gt;</c>; empty locally.</summary>
    public string ScopePrefix { get; set; } = "";

    /// <summary>Cognito's <c>/logout</c>, which its discovery document does not advertise; unset, the provider's end-session endpoint is used.</summary>
    public string? LogoutEndpoint { get; set; }
}
