using System.Text.Json;
using System.Text.RegularExpressions;

namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// Reads the resources that become services: projects, and containers from an image or a Dockerfile (docs/contracts.md,
/// "Services that are not .NET projects"). What they share (env, args, bindings) is read once; a container adds its
/// <c>ecs</c> object, and the image source differs.
/// </summary>
internal static partial class ServiceReader
{
    public static readonly string[] Types = ["project.v0", "project.v1", "container.v0", "container.v1"];

    public static ServiceResource Read(ResourceElement resource)
    {
        var isProject = resource.Type.StartsWith("project.", StringComparison.Ordinal);
        if (isProject && resource.OptionalObject("ecs") is not null)
        {
            // PublishAsEcsService refuses projects too: their user, health path and hardening are the publisher's.
            throw resource.Error("\"ecs\" applies to containers only; a project runs as the .NET images' app user, checked on /health, hardened by the publisher");
        }

        var image = isProject ? new ProjectImage(resource.RequiredString("path")) : ReadImage(resource);
        if (!isProject)
        {
            RefuseStorage(resource);
        }

        var bindings = ReadBindings(resource);
        var service = new ServiceResource(
            resource.Name,
            image,
            ReadEnv(resource),
            resource.Strings("args"),
            bindings,
            // A project listens where the publisher tells it (HTTP_PORTS); a container where its image does.
            isProject ? CloudModel.ContainerPort : ContainerPort(resource, bindings),
            isProject ? EcsOptions.ProjectDefaults : EcsOptionsReader.Read(resource, EcsOptions.ContainerDefaults))
        {
            EntryPoint = isProject || resource.OptionalString("entrypoint") is not { Length: > 0 } entryPoint ? null : [entryPoint],
        };

        if (service.IsExternal && service.Ecs.HealthCheckPath is null)
        {
            throw resource.Error("ecs.healthCheckPath is missing; a public service needs the HTTP path the load balancer checks (PublishAsEcsService(ecs => ecs.HealthCheckPath = \"/health\"))");
        }

        return service;
    }

    /// <summary><c>container.v0</c> names an image; <c>container.v1</c> a build, or an image when it carries a deployment target.</summary>
    private static ImageSource ReadImage(ResourceElement resource)
    {
        if (resource.Type == "container.v1" && resource.OptionalObject("build") is { } build)
        {
            return ReadBuild(new ResourceElement($"{resource.Name}.build", build), resource);
        }

        return resource.OptionalString("image") is { Length: > 0 } reference
            ? new RegistryImage(reference)
            : throw resource.Error(resource.Type == "container.v1" ? "has neither \"build\" nor \"image\"" : "\"image\" is missing or empty");
    }

    private static DockerfileImage ReadBuild(ResourceElement build, ResourceElement resource)
    {
        if (build.OptionalBool("buildOnly") == true)
        {
            throw resource.Error("build.buildOnly is true: an image that only feeds another build is not a service, and the publisher builds only what it deploys");
        }

        if (build.OptionalObject("secrets") is not null)
        {
            throw resource.Error("build.secrets is not supported: a build secret would have to reach CodeBuild or the local builder, and nothing in the publisher carries secrets there");
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        if (build.OptionalObject("args") is { } argsElement)
        {
            foreach (var arg in argsElement.EnumerateObject())
            {
                if (!BuildArgName().IsMatch(arg.Name) || arg.Name.StartsWith("IMAGE_", StringComparison.Ordinal) || arg.Name.StartsWith("CODEBUILD_", StringComparison.Ordinal) || arg.Name is "PATH" or "HOME")
                {
                    throw resource.Error($"build.args '{arg.Name}' is not a name the publisher can pass (letters, digits and '_', not PATH, HOME or starting IMAGE_ or CODEBUILD_, which the image build uses itself)");
                }

                // Build arguments are used before the stack exists, so no placeholder (a table name, a secret) can fill them.
                args[arg.Name] = arg.Value.ValueKind == JsonValueKind.String && !arg.Value.GetString()!.Contains('{', StringComparison.Ordinal)
                    ? arg.Value.GetString()!
                    : throw resource.Error($"build.args '{arg.Name}' must be a literal string; images are built before the stack exists, so placeholders cannot be resolved");
            }
        }

        return new DockerfileImage(build.RequiredString("context"), build.RequiredString("dockerfile"), args, build.OptionalString("stage"));
    }

    /// <summary>Fargate tasks here have task storage at /tmp only; a volume or bind mount from the AppHost has nowhere to go.</summary>
    private static void RefuseStorage(ResourceElement resource)
    {
        foreach (var property in new[] { "volumes", "bindMounts" })
        {
            if (resource.Element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
            {
                throw resource.Error($"\"{property}\" is not supported: services keep state in DynamoDB, and their only writable storage is the task's /tmp");
            }
        }
    }

    private static Dictionary<string, string> ReadEnv(ResourceElement resource)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resource.OptionalObject("env") is { } envElement)
        {
            foreach (var variable in envElement.EnumerateObject())
            {
                env[variable.Name] = variable.Value.ValueKind == JsonValueKind.String
                    ? variable.Value.GetString()!
                    : throw resource.Error($"env '{variable.Name}' must be a string");
            }
        }

        return env;
    }

    private static Dictionary<string, ServiceBinding> ReadBindings(ResourceElement resource)
    {
        var bindings = new Dictionary<string, ServiceBinding>(StringComparer.Ordinal);
        if (resource.OptionalObject("bindings") is { } bindingsElement)
        {
            foreach (var binding in bindingsElement.EnumerateObject())
            {
                var bindingElement = new ResourceElement($"{resource.Name}.bindings.{binding.Name}", binding.Value);
                var scheme = bindingElement.RequiredString("scheme");
                if (scheme is not ("http" or "https"))
                {
                    throw bindingElement.Error($"scheme '{scheme}' is not supported; services speak http or https behind the load balancer and Service Connect");
                }

                bindings[binding.Name] = new ServiceBinding(binding.Name, scheme, bindingElement.OptionalBool("external") ?? false, bindingElement.OptionalInt("targetPort"));
            }
        }

        return bindings;
    }

    /// <summary>
    /// The port the container listens on: the <c>http</c> binding's targetPort, 8080 when the manifest gives none. A task
    /// has one port behind the load balancer and Service Connect, so every binding must agree on it.
    /// </summary>
    private static int ContainerPort(ResourceElement resource, IReadOnlyDictionary<string, ServiceBinding> bindings)
    {
        var port = bindings.GetValueOrDefault("http")?.TargetPort
            ?? bindings.Values.Select(binding => binding.TargetPort).FirstOrDefault(targetPort => targetPort is not null)
            ?? CloudModel.ContainerPort;
        foreach (var binding in bindings.Values.Where(binding => binding.TargetPort is { } other && other != port))
        {
            throw resource.Error($"bindings.{binding.Name}.targetPort is {binding.TargetPort}, but the service listens on {port}; a service has one port behind the load balancer and Service Connect");
        }

        return port is >= 1 and <= 65535 ? port : throw resource.Error($"bindings.http.targetPort {port} is not a TCP port");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex BuildArgName();
}
