using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Auth;

/// <summary>The identity provider whose access tokens the backend accepts (docs/contracts.md, "Sign-in").</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The issuer; its metadata names the signing keys.</summary>
    public string Authority { get; set; } = "";

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that lists the user's groups: <c>cognito:groups</c> in Cognito, <c>groups</c> locally.</summary>
    public string GroupsClaim { get; set; } = "cognito:groups";

    /// <summary>Cognito's resource server identifier plus '/', in front of every custom scope; empty locally.</summary>
    public string ScopePrefix { get; set; } = "";

    /// <summary>Client name to client id; only tokens issued to one of these ids are accepted.</summary>
    public Dictionary<string, string> Clients { get; set; } = [];
}

/// <summary>Fails the start with the key of the first wrong setting, before any token is seen.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        List<string> failures = [];
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            failures.Add("Configuration key 'Auth:Authority' is required and must be an absolute http(s) URL.");
        }
        else if (options.RequireHttpsMetadata && authority.Scheme != "https")
        {
            failures.Add("Configuration key 'Auth:Authority' must be an https URL unless 'Auth:RequireHttpsMetadata' is false.");
        }

        if (string.IsNullOrWhiteSpace(options.GroupsClaim))
        {
            failures.Add("Configuration key 'Auth:GroupsClaim' must not be empty.");
        }

        if (options.Clients.Count == 0)
        {
            failures.Add("Configuration key 'Auth:Clients' must name at least one client, as 'Auth:Clients:<name>' = <client id>.");
        }

        failures.AddRange(options.Clients
            .Where(client => string.IsNullOrWhiteSpace(client.Value))
            .Select(client => $"Configuration key 'Auth:Clients:{client.Key}' must be a client id."));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
