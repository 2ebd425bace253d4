using System.Text.Json;

namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// Reads aspire-manifest.json (the shape in docs/contracts.md). Every problem is a
/// <see cref="DeployException"/> that names the resource, so a bad manifest never half-deploys.
/// </summary>
internal static class ManifestReader
{
    public static AspireManifest ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new DeployException($"Manifest '{path}' does not exist; generate it with `dotnet run --project IdentityE2E.AppHost -- --publisher manifest --output-path ../aspire-manifest.json`.");
        }

        return Read(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static AspireManifest Read(string json, string source = "aspire-manifest.json")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new DeployException($"{source} is not valid JSON (line {exception.LineNumber + 1}): {FirstLine(exception.Message)}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("resources", out var resources)
                || resources.ValueKind != JsonValueKind.Object)
            {
                throw new DeployException($"{source} has no \"resources\" object at its root.");
            }

            var services = new List<ServiceResource>();
            var tables = new List<TableResource>();
            var parameters = new List<ParameterResource>();
            var dynamoDB = new List<string>();
            var userPools = new List<UserPoolResource>();
            var jobMarkers = new List<ResourceElement>();
            foreach (var resource in resources.EnumerateObject())
            {
                var element = new ResourceElement(resource.Name, resource.Value);
                switch (element.Type)
                {
                    case var type when ServiceReader.Types.Contains(type):
                        services.Add(ServiceReader.Read(element));
                        break;
                    case "parameter.v0":
                        parameters.Add(ReadParameter(element));
                        break;
                    case "aws.dynamodb.v0":
                        dynamoDB.Add(resource.Name);
                        break;
                    case "aws.dynamodb.table.v0":
                        tables.Add(ReadTable(element));
                        break;
                    case "aws.cognito.userpool.v0":
                        userPools.Add(UserPoolReader.Read(element));
                        break;
                    case JobMarkerType:
                        jobMarkers.Add(element);
                        break;
                    default:
                        throw new DeployException(
                            $"Resource '{resource.Name}' has type '{element.Type}', which the publisher does not deploy " +
                            "(it accepts project.v0, project.v1, container.v0, container.v1, parameter.v0, aws.dynamodb.v0, aws.dynamodb.table.v0, aws.cognito.userpool.v0 and aws.ecs.task.v0; run-mode-only resources must stay out of the manifest).");
                }
            }

            MarkJobs(services, jobMarkers);

            foreach (var table in tables.Where(t => !dynamoDB.Contains(t.Parent)))
            {
                throw new DeployException($"Resource '{table.Name}': its parent '{table.Parent}' is not an aws.dynamodb.v0 resource of the manifest.");
            }

            foreach (var table in tables)
            {
                foreach (var user in table.Access.Keys.Where(user => services.All(service => service.Name != user)))
                {
                    throw new DeployException($"Resource '{table.Name}': its access names '{user}', which is not a service of the manifest.");
                }
            }

            if (services.All(service => service.IsJob))
            {
                throw new DeployException($"{source} has no project or container resources; there is nothing to deploy.");
            }

            if (userPools.Count > 1)
            {
                throw new DeployException($"{source} has {userPools.Count} aws.cognito.userpool.v0 resources ({string.Join(", ", userPools.Select(p => p.Name))}); an environment has one user pool for its staff.");
            }

            foreach (var pool in userPools)
            {
                UserPoolReader.CheckClientResources(pool, services);
            }

            return new AspireManifest(services, tables, parameters, dynamoDB, userPools.SingleOrDefault());
        }
    }

    /// <summary>The marker entry PublishAsEcsTask writes next to a job's own entry (docs/contracts.md, "Jobs: one-off tasks").</summary>
    public const string JobMarkerType = "aws.ecs.task.v0";

    /// <summary>Turns each service a marker names into a job: a task definition run on demand, with no ECS service.</summary>
    private static void MarkJobs(List<ServiceResource> services, List<ResourceElement> markers)
    {
        foreach (var marker in markers)
        {
            var name = marker.RequiredString("resource");
            var index = services.FindIndex(service => service.Name == name);
            if (index < 0)
            {
                throw marker.Error($"it marks '{name}' as a job, which is not a project or container of the manifest");
            }

            if (services[index].IsJob)
            {
                throw marker.Error($"'{name}' is already marked as a job by another entry");
            }

            if (services[index].IsExternal)
            {
                // A job has no load balancer route: an external binding would promise a public URL that never answers.
                throw marker.Error($"'{name}' has an external binding; a job runs on demand and has no public route");
            }

            services[index] = services[index] with { IsJob = true };
        }
    }

    private static ParameterResource ReadParameter(ResourceElement resource)
    {
        var input = resource.OptionalObject("inputs") is { } inputs && inputs.TryGetProperty("value", out var value)
            ? new ResourceElement($"{resource.Name}.inputs.value", value)
            : null;
        if (input is null)
        {
            // A parameter without inputs only carries a literal value.
            var literal = resource.OptionalString("value");
            return literal is not null && !literal.Contains('{', StringComparison.Ordinal)
                ? new ParameterResource(resource.Name, false, literal, null)
                : throw resource.Error("has neither inputs.value nor a literal value");
        }

        var secret = input.OptionalBool("secret") ?? false;
        var defaults = input.OptionalObject("default");
        string? defaultValue = null;
        SecretGeneration? generate = null;
        if (defaults is { } d && d.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
        {
            defaultValue = v.GetString();
        }

        if (defaults is { } g && g.TryGetProperty("generate", out var generateElement))
        {
            var rules = new ResourceElement($"{resource.Name}.inputs.value.default.generate", generateElement);
            generate = new SecretGeneration(
                rules.OptionalInt("minLength") ?? 22,
                rules.OptionalBool("lower") ?? true,
                rules.OptionalBool("upper") ?? true,
                rules.OptionalBool("numeric") ?? true,
                rules.OptionalBool("special") ?? true);
        }

        return new ParameterResource(resource.Name, secret, defaultValue, generate);
    }

    private static TableResource ReadTable(ResourceElement resource)
    {
        var billing = resource.OptionalString("billingMode") ?? "PAY_PER_REQUEST";
        if (billing != "PAY_PER_REQUEST")
        {
            throw resource.Error($"billingMode '{billing}' is not supported; tables are on demand (PAY_PER_REQUEST)");
        }

        var indexes = new List<TableIndex>();
        if (resource.Element.TryGetProperty("globalSecondaryIndexes", out var indexesElement))
        {
            if (indexesElement.ValueKind != JsonValueKind.Array)
            {
                throw resource.Error("\"globalSecondaryIndexes\" must be an array");
            }

            foreach (var item in indexesElement.EnumerateArray())
            {
                var index = new ResourceElement($"{resource.Name}.globalSecondaryIndexes", item);
                var projection = index.OptionalString("projection") ?? "ALL";
                if (projection != "ALL")
                {
                    throw index.Error($"projection '{projection}' is not supported; indexes project ALL");
                }

                indexes.Add(new TableIndex(index.RequiredString("name"), ReadKey(index, "partitionKey")!, ReadKey(index, "sortKey", optional: true)));
            }
        }

        return new TableResource(
            resource.Name,
            resource.RequiredString("parent"),
            ReadKey(resource, "partitionKey")!,
            ReadKey(resource, "sortKey", optional: true),
            indexes,
            resource.OptionalString("timeToLiveAttribute"))
        {
            Access = ReadAccess(resource),
        };
    }

    /// <summary>The table's <c>access</c> entries: per referencing resource, the operations it declared.</summary>
    private static Dictionary<string, TableAccess> ReadAccess(ResourceElement table)
    {
        var access = new Dictionary<string, TableAccess>(StringComparer.Ordinal);
        foreach (var entry in table.Objects("access"))
        {
            var user = entry.RequiredString("resource");
            if (access.ContainsKey(user))
            {
                throw entry.Error($"'{user}' has a second access entry; one entry lists all its operations");
            }

            var operations = entry.Strings("operations");
            if (operations.Count == 0)
            {
                throw entry.Error($"the access of '{user}' names no operation");
            }

            access[user] = operations.Aggregate(TableAccess.None, (all, name) => all | (TableOperations.Parse(name)
                ?? throw entry.Error($"operation '{name}' is not one the publisher grants ({string.Join(", ", TableOperations.All.Select(o => o.Name))})")));
        }

        return access;
    }

    private static KeyAttribute? ReadKey(ResourceElement owner, string property, bool optional = false)
    {
        if (owner.OptionalObject(property) is not { } keyElement)
        {
            return optional ? null : throw owner.Error($"\"{property}\" is missing");
        }

        var key = new ResourceElement($"{owner.Name}.{property}", keyElement);
        var type = key.RequiredString("type");
        return type is "S" or "N" or "B"
            ? new KeyAttribute(key.RequiredString("name"), type)
            : throw key.Error($"type '{type}' is not a DynamoDB key type (S, N or B)");
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
