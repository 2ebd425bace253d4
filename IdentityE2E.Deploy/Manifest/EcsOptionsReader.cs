namespace IdentityE2E.Deploy.Manifest;

/// <summary>
/// Reads a service's <c>ecs</c> object and refuses every opt-out from a hardening default that comes without an
/// exception giving its reason: the reason is what a reviewer reads in the synth summary.
/// </summary>
internal static class EcsOptionsReader
{
    public static EcsOptions Read(ResourceElement resource, EcsOptions defaults)
    {
        if (resource.OptionalObject("ecs") is not { } ecsElement)
        {
            return defaults;
        }

        var ecs = new ResourceElement($"{resource.Name}.ecs", ecsElement);
        var exceptions = ecs.Objects("exceptions").Select((exception, i) =>
        {
            var control = exception.RequiredString("control");
            if (!EcsOptions.Controls.Contains(control))
            {
                throw resource.Error($"ecs.exceptions[{i}].control '{control}' is not a hardening control ({string.Join(", ", EcsOptions.Controls)})");
            }

            return new HardeningException(control, exception.OptionalString("reason")?.Trim() is { Length: > 0 } reason
                ? reason
                : throw resource.Error($"ecs.exceptions[{i}] ({control}) has no reason; every opt-out from a hardening default says why"));
        }).ToList();

        var healthCheckPath = ecs.OptionalString("healthCheckPath") ?? defaults.HealthCheckPath;
        if (healthCheckPath is not null && !healthCheckPath.StartsWith('/'))
        {
            throw resource.Error($"ecs.healthCheckPath '{healthCheckPath}' must be a path starting with /");
        }

        var options = new EcsOptions(
            ecs.OptionalString("user") is { Length: > 0 } user ? user : defaults.User,
            healthCheckPath,
            ecs.OptionalBool("readOnlyRootFilesystem") ?? defaults.ReadOnlyRootFilesystem,
            exceptions);

        if (!options.ReadOnlyRootFilesystem && exceptions.All(e => e.Control != EcsOptions.ReadOnlyRootFilesystemControl))
        {
            throw resource.Error($"ecs.readOnlyRootFilesystem is false without an exception {{ \"control\": \"{EcsOptions.ReadOnlyRootFilesystemControl}\", \"reason\": \"...\" }} saying why the image must write outside /tmp");
        }

        if (options.RunsAsRoot && exceptions.All(e => e.Control != EcsOptions.RunAsRootControl))
        {
            throw resource.Error($"ecs.user is '{options.User}' (root) without an exception {{ \"control\": \"{EcsOptions.RunAsRootControl}\", \"reason\": \"...\" }} saying why the image cannot run as another user");
        }

        return options;
    }
}
