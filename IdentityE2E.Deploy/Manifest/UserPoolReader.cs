using System.Text.RegularExpressions;

namespace IdentityE2E.Deploy.Manifest;

/// <summary>Reads an <c>aws.cognito.userpool.v0</c> and checks what Cognito would reject only at deploy time.</summary>
internal static partial class UserPoolReader
{
    public static UserPoolResource Read(ResourceElement resource)
    {
        var groups = resource.Objects("groups").Select(group => new UserPoolGroup(Named(group, GroupName()), group.OptionalString("description") ?? string.Empty)).ToList();
        var scopes = resource.Objects("scopes").Select(scope => new ApiScope(Named(scope, ScopeName()), scope.RequiredString("description"))).ToList();
        var clients = resource.Objects("clients").Select(client => ReadClient(client, scopes)).ToList();
        Unique(resource, "groups", groups.Select(g => g.Name));
        Unique(resource, "scopes", scopes.Select(s => s.Name));
        Unique(resource, "clients", clients.Select(c => c.Name));
        if (clients.Count == 0)
        {
            throw resource.Error("has no clients; a user pool without clients signs nobody in");
        }

        return new UserPoolResource(resource.Name, groups, scopes, clients);
    }

    /// <summary>A web client redirects to its service's public URL, so the service must have one.</summary>
    public static void CheckClientResources(UserPoolResource pool, IReadOnlyList<ServiceResource> services)
    {
        foreach (var client in pool.Clients.Where(c => c.Flow == ClientFlow.AuthorizationCode))
        {
            if (services.SingleOrDefault(s => s.Name == client.Resource) is not { IsExternal: true })
            {
                throw new DeployException($"Resource '{pool.Name}': client '{client.Name}' names resource '{client.Resource}', which is not a service with an external endpoint; a web client needs a public URL to redirect to.");
            }
        }
    }

    private static UserPoolClientResource ReadClient(ResourceElement client, IReadOnlyList<ApiScope> apiScopes)
    {
        var name = Named(client, ClientName());
        var flow = client.RequiredString("flow") switch
        {
            "authorization_code" => ClientFlow.AuthorizationCode,
            "client_credentials" => ClientFlow.ClientCredentials,
            var other => throw client.Error($"flow '{other}' is not supported (authorization_code or client_credentials)"),
        };
        var scopes = client.Strings("scopes");
        foreach (var scope in scopes.Where(s => apiScopes.All(api => api.Name != s)))
        {
            // Client credentials carry no user, so Cognito allows only the pool's own API scopes there.
            if (flow == ClientFlow.ClientCredentials || !UserPoolResource.StandardScopes.Contains(scope))
            {
                throw client.Error($"scope '{scope}' is neither one of the pool's scopes nor, for a web client, a standard OpenID Connect scope");
            }
        }

        if (flow == ClientFlow.ClientCredentials)
        {
            return scopes.Count > 0
                ? new UserPoolClientResource(name, flow, scopes, null, null, null)
                : throw client.Error("a client_credentials client needs at least one of the pool's scopes");
        }

        return new UserPoolClientResource(name, flow, scopes, client.RequiredString("resource"), Path(client, "callbackPath"), Path(client, "signOutCallbackPath"));
    }

    private static string Path(ResourceElement client, string property)
    {
        var path = client.RequiredString(property);
        return path.StartsWith('/') && Uri.IsWellFormedUriString(path, UriKind.Relative)
            ? path
            : throw client.Error($"\"{property}\" '{path}' must be a path starting with /");
    }

    private static string Named(ResourceElement element, Regex pattern)
    {
        var name = element.RequiredString("name");
        return pattern.IsMatch(name) ? name : throw element.Error($"name '{name}' is not one Cognito accepts ({pattern})");
    }

    private static void Unique(ResourceElement resource, string property, IEnumerable<string> names)
    {
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw resource.Error($"\"{property}\" names '{duplicate.Key}' twice");
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$")]
    private static partial Regex GroupName();

    [GeneratedRegex(@"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$")]
    private static partial Regex ScopeName();

    // No dot: placeholders split on dots ({auth.outputs.clients.<client>.id}).
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex ClientName();
}
