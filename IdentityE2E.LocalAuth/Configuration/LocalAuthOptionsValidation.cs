using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityE2E.LocalAuth.Configuration;

/// <summary>Names the configuration key of every missing or wrong setting, never its value (values are secrets).</summary>
internal sealed class LocalAuthOptionsValidation : IValidateOptions<LocalAuthOptions>
{
    private const string Section = LocalAuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LocalAuthOptions options)
    {
        var failures = new List<string>();
        if (options.Users.Count == 0)
        {
            failures.Add($"Configuration key '{Section}:Users' needs at least one user.");
        }

        foreach (var (user, settings) in options.Users)
        {
            if (string.IsNullOrEmpty(settings.Password))
            {
                failures.Add($"Configuration key '{Section}:Users:{user}:Password' is required.");
            }
        }

        var knownScopes = new HashSet<string>(options.Scopes, StringComparer.Ordinal) { Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess };
        foreach (var (client, settings) in options.Clients)
        {
            ValidateClient($"{Section}:Clients:{client}", settings, knownScopes, failures);
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add($"Configuration key '{Section}:AccessTokenLifetime' must be positive.");
        }

        if (options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add($"Configuration key '{Section}:RefreshTokenLifetime' must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.KeysPath))
        {
            failures.Add($"Configuration key '{Section}:KeysPath' must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateClient(string key, LocalClient client, HashSet<string> knownScopes, List<string> failures)
    {
        if (string.IsNullOrEmpty(client.Secret))
        {
            failures.Add($"Configuration key '{key}:Secret' is required.");
        }

        if (client.Flow is not (LocalClient.AuthorizationCode or LocalClient.ClientCredentials))
        {
            failures.Add($"Configuration key '{key}:Flow' must be '{LocalClient.AuthorizationCode}' or '{LocalClient.ClientCredentials}'.");
        }

        if (client.Flow == LocalClient.AuthorizationCode && client.RedirectUris.Count == 0)
        {
            failures.Add($"Configuration key '{key}:RedirectUris' needs at least one URI for the authorization code flow.");
        }

        foreach (var scope in client.Scopes.Where(scope => !knownScopes.Contains(scope)))
        {
            failures.Add($"Configuration key '{key}:Scopes' names '{scope}', which is not in '{Section}:Scopes'.");
        }

        foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                failures.Add($"Configuration key '{key}' has '{uri}', which is not an absolute URI.");
            }
        }
    }
}
