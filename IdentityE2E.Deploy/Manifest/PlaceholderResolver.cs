using System.Text.RegularExpressions;

namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// Turns the manifest's <c>{resource.path}</c> placeholders into cloud values. What a placeholder
/// points at is also how the model learns its edges: a table-name placeholder is the IAM grant (of the
/// operations the table's access entry lists for the service, else single-item read and write),
/// a table's key ARN is a grant to encrypt and decrypt with that key for data protection only,
/// a service URL is a caller that the callee's security group admits, a client secret is an ECS secret
/// that only the referencing service's execution role may read.
/// </summary>
internal static partial class PlaceholderResolver
{
    public static CloudModel Resolve(AspireManifest manifest)
    {
        var services = manifest.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var tables = manifest.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var parameters = manifest.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var usedSecrets = new List<SecretModel>();
        var usedClientSecrets = new List<string>();

        var models = manifest.Services.Select(service =>
        {
            var context = new ResolutionContext(service, services, tables, parameters, manifest.UserPool);
            var environment = new Dictionary<string, CloudValue>(StringComparer.Ordinal);
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, raw) in service.Env)
            {
                if (context.ClientSecret(key, raw) is { } client)
                {
                    secrets[key] = CloudModel.ClientSecretName(manifest.UserPool!.Name, client);
                    if (!usedClientSecrets.Contains(client))
                    {
                        usedClientSecrets.Add(client);
                    }
                }
                else if (context.SecretParameter(key, raw) is { } secret)
                {
                    secrets[key] = secret.Name;
                    if (usedSecrets.All(s => s.Name != secret.Name))
                    {
                        usedSecrets.Add(new SecretModel(secret.Name, secret.Generate!));
                    }
                }
                else
                {
                    environment[key] = context.ResolveValue($"env '{key}'", raw);
                }
            }

            var args = service.Args.Select((arg, i) => context.ResolveValue($"args[{i}]", arg)).ToList();
            return new ServiceModel(
                service.Name,
                service.Image,
                service.IsExternal,
                environment,
                secrets,
                args,
                [.. context.ServiceReferences],
                [.. context.TableReferences.Select(table => new TableGrant(table, tables[table].AccessOf(service.Name)))],
                [.. context.KeyReferences])
            {
                ContainerPort = service.ContainerPort,
                Ecs = service.Ecs,
                EntryPoint = service.EntryPoint,
                IsJob = service.IsJob,
            };
        }).ToList();

        RefuseJobCalls(models);

        // An access entry without the table's name in the service's environment would grant what the service cannot use.
        foreach (var table in manifest.Tables)
        {
            foreach (var user in table.Access.Keys.Where(user => !models.Single(s => s.Name == user).TableReferences.Contains(table.Name)))
            {
                throw new DeployException($"Resource '{table.Name}': its access names '{user}', whose environment holds no {{{table.Name}.outputs.tableName}}; a grant without the table's name is refused.");
            }
        }

        return new CloudModel([.. models.Where(model => !model.IsJob)], manifest.Tables, usedSecrets, manifest.UserPool, usedClientSecrets)
        {
            Jobs = [.. models.Where(model => model.IsJob)],
        };
    }

    /// <summary>
    /// A job has no Service Connect name to be called by, and its security group lets out HTTPS only, so neither
    /// direction of a service URL would ever connect.
    /// </summary>
    private static void RefuseJobCalls(IReadOnlyList<ServiceModel> models)
    {
        foreach (var model in models)
        {
            if (model.IsJob && model.ServiceReferences.Count > 0)
            {
                throw new DeployException($"Resource '{model.Name}' is a job and references the service '{model.ServiceReferences[0]}'; a job reaches AWS APIs only, not other services.");
            }

            if (model.ServiceReferences.FirstOrDefault(callee => models.Any(job => job.IsJob && job.Name == callee)) is { } calledJob)
            {
                throw new DeployException($"Resource '{model.Name}' references '{calledJob}', which is a job; a job runs on demand and cannot be called.");
            }
        }
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Placeholder();

    private sealed class ResolutionContext(
        ServiceResource service,
        IReadOnlyDictionary<string, ServiceResource> services,
        IReadOnlyDictionary<string, TableResource> tables,
        IReadOnlyDictionary<string, ParameterResource> parameters,
        UserPoolResource? pool)
    {
        public SortedSet<string> ServiceReferences { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> TableReferences { get; } = new(StringComparer.Ordinal);

        /// <summary>The tables whose encryption key the service calls KMS with itself.</summary>
        public SortedSet<string> KeyReferences { get; } = new(StringComparer.Ordinal);

        /// <summary>The client whose secret the whole value is; ECS injects whole secrets only.</summary>
        public string? ClientSecret(string key, string raw)
        {
            var match = Placeholder().Match(raw);
            if (pool is null || !match.Success || !TrySplit(match.Groups[1].Value, out var name, out var path)
                || name != pool.Name || ClientOutput(path) is not (var client, "secret"))
            {
                return null;
            }

            if (match.Value != raw)
            {
                throw Error($"env '{key}'", match.Value, "a client secret can only be the whole value, because ECS injects it from Secrets Manager as one variable");
            }

            return Client($"env '{key}'", match.Value, client);
        }

        /// <summary>The secret parameter when the whole value is one; ECS injects whole secrets only.</summary>
        public ParameterResource? SecretParameter(string key, string raw)
        {
            var match = Placeholder().Match(raw);
            if (!match.Success || !TrySplit(match.Groups[1].Value, out var name, out _)
                || !parameters.TryGetValue(name, out var parameter) || !parameter.Secret)
            {
                return null;
            }

            if (match.Value != raw)
            {
                throw Error($"env '{key}'", match.Value, "a secret can only be the whole value, because ECS injects it from Secrets Manager as one variable");
            }

            if (match.Groups[1].Value != $"{name}.value")
            {
                throw Error($"env '{key}'", match.Value, $"a secret parameter is referenced as {{{name}.value}}");
            }

            return parameter.Generate is not null
                ? parameter
                : throw Error($"env '{key}'", match.Value, "the secret parameter has no default.generate rule, so the publisher cannot create its value");
        }

        public CloudValue ResolveValue(string where, string raw)
        {
            var parts = new List<ValuePart>();
            var position = 0;
            foreach (Match match in Placeholder().Matches(raw))
            {
                if (match.Index > position)
                {
                    parts.Add(new LiteralPart(raw[position..match.Index]));
                }

                parts.Add(ResolvePlaceholder(where, match.Value, match.Groups[1].Value));
                position = match.Index + match.Length;
            }

            if (position < raw.Length)
            {
                parts.Add(new LiteralPart(raw[position..]));
            }

            return new CloudValue(parts);
        }

        private ValuePart ResolvePlaceholder(string where, string placeholder, string expression)
        {
            if (!TrySplit(expression, out var name, out var path))
            {
                throw Error(where, placeholder, "it does not name a resource and a property");
            }

            if (services.TryGetValue(name, out var target))
            {
                return ResolveService(where, placeholder, target, path);
            }

            if (tables.ContainsKey(name))
            {
                return ResolveTable(where, placeholder, name, path);
            }

            if (parameters.TryGetValue(name, out var parameter))
            {
                if (parameter.Secret)
                {
                    throw Error(where, placeholder, "a secret can only be the whole value of an environment variable");
                }

                return path == "value" && parameter.DefaultValue is { } value
                    ? new LiteralPart(value)
                    : throw Error(where, placeholder, "the parameter has no default value to deploy with");
            }

            if (pool is not null && name == pool.Name)
            {
                return ResolveUserPool(where, placeholder, path);
            }

            throw Error(where, placeholder, $"'{name}' is not a service, table, parameter or user pool of the manifest");
        }

        private ValuePart ResolveTable(string where, string placeholder, string table, string path)
        {
            switch (path)
            {
                case "outputs.tableName":
                    TableReferences.Add(table);
                    return new TableNamePart(table);
                case "outputs.encryptionKeyArn":
                    KeyReferences.Add(table);
                    return new TableKeyArnPart(table);
                default:
                    throw Error(where, placeholder, "a table offers outputs.tableName and outputs.encryptionKeyArn");
            }
        }

        private ValuePart ResolveUserPool(string where, string placeholder, string path)
        {
            switch (path)
            {
                case "outputs.issuer":
                    return new UserPoolOutputPart(UserPoolOutputPart.Issuer);
                case "outputs.logoutEndpoint":
                    return new UserPoolOutputPart(UserPoolOutputPart.LogoutEndpoint);
                case "outputs.scopePrefix":
                    // Known now: the resource server's identifier is derived from the manifest alone.
                    return new LiteralPart(pool!.ScopePrefix);
            }

            return ClientOutput(path) switch
            {
                (var client, "id") => UserPoolOutputPart.ClientId(Client(where, placeholder, client)),
                (_, "secret") => throw Error(where, placeholder, "a client secret can only be the whole value of an environment variable"),
                _ => throw Error(where, placeholder, $"a user pool offers outputs.issuer, outputs.scopePrefix, outputs.logoutEndpoint, outputs.clients.<client>.id and outputs.clients.<client>.secret"),
            };
        }

        private string Client(string where, string placeholder, string client) =>
            pool!.Clients.Any(c => c.Name == client)
                ? client
                : throw Error(where, placeholder, $"'{pool.Name}' has no client '{client}' (its clients: {string.Join(", ", pool.Clients.Select(c => c.Name))})");

        /// <summary>outputs.clients.&lt;client&gt;.&lt;property&gt; as (client, property), else null.</summary>
        private static (string Client, string Property)? ClientOutput(string path) =>
            path.Split('.') is ["outputs", "clients", var client, var property] ? (client, property) : null;

        private LiteralPart ResolveService(string where, string placeholder, ServiceResource target, string path)
        {
            var segments = path.Split('.');
            if (segments.Length != 3 || segments[0] != "bindings")
            {
                throw Error(where, placeholder, "a service offers bindings.<binding>.url, .host, .port or .targetPort");
            }

            if (!target.Bindings.ContainsKey(segments[1]))
            {
                throw Error(where, placeholder, $"'{target.Name}' has no binding '{segments[1]}'");
            }

            switch (segments[2])
            {
                case "url":
                    if (target.Name != service.Name)
                    {
                        ServiceReferences.Add(target.Name);
                    }

                    // Service Connect: the caller's proxy answers for the callee's name on port 8080, whatever port the
                    // callee's container listens on. With Service Connect TLS the proxies encrypt between tasks; the app
                    // still speaks http to its proxy.
                    return new LiteralPart(CloudModel.ServiceUrl(target.Name));
                case "host":
                    return new LiteralPart(target.Name);
                case "port":
                    return new LiteralPart(CloudModel.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                case "targetPort":
                    // What the container listens on: a container's image is told its port this way (PORT, --port).
                    return new LiteralPart(target.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                default:
                    throw Error(where, placeholder, $"binding property '{segments[2]}' is not one the publisher resolves (url, host, port, targetPort)");
            }
        }

        private DeployException Error(string where, string placeholder, string reason) =>
            new($"Resource '{service.Name}': {where} holds placeholder '{placeholder}' that cannot be resolved: {reason}.");

        private static bool TrySplit(string expression, out string name, out string path)
        {
            var dot = expression.IndexOf('.', StringComparison.Ordinal);
            name = dot > 0 ? expression[..dot] : expression;
            path = dot > 0 ? expression[(dot + 1)..] : string.Empty;
            return dot > 0 && path.Length > 0;
        }
    }
}
