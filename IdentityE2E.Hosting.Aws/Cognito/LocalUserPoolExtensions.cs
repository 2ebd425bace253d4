using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Runs the user pool in run mode as a local OpenID Connect provider, the way Aspire runs cloud services as emulators.</summary>
public static class LocalUserPoolExtensions
{
    /// <summary>
    /// In run mode, runs <typeparamref name="TProject"/> (an OpenIddict provider, IdentityE2E.LocalAuth) as
    /// <c>&lt;name&gt;-local</c> with the pool's scopes and clients, and <paramref name="configure"/> extends it,
    /// for example with <c>local.WithUser("editor", "editors")</c>. Does nothing when publishing.
    /// </summary>
    public static IResourceBuilder<CognitoUserPoolResource> RunAsEmulator<TProject>(
        this IResourceBuilder<CognitoUserPoolResource> auth, Action<IResourceBuilder<ProjectResource>>? configure = null)
        where TProject : IProjectMetadata, new()
    {
        var builder = auth.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return auth;
        }

        if (auth.Resource.Emulator is not null)
        {
            throw new DistributedApplicationException($"RunAsEmulator was called twice for '{auth.Resource.Name}'; configure the emulator in one call.");
        }

        var pool = auth.Resource;
        var local = builder.AddProject<TProject>($"{pool.Name}-local")
            .WithAnnotation(new LocalUserPoolAnnotation(pool))
            .WithParentRelationship(auth)
            .WithHttpHealthCheck("/health")
            .WithUrlForEndpoint("http", endpoint => new ResourceUrlAnnotation
            {
                Url = $"{endpoint.Url}/.well-known/openid-configuration",
                DisplayText = "OpenID configuration",
            })
            .WithIconName("PersonKey")
            .WithDescription("The local OpenID Connect provider that stands in for Cognito: staff sign in here, scripts get tokens here.")
            .WithEnvironment("LocalAuth__KeysPath", KeysPath(builder.Environment.ApplicationName))
            .WithEnvironment(context => AddPoolSettings(pool, context.EnvironmentVariables));
        pool.Emulator = local.Resource;

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(local.Resource, (starting, _) =>
            PublishStateAsync(pool, starting.Services, KnownResourceStates.Starting));
        builder.Eventing.Subscribe<ResourceReadyEvent>(local.Resource, (ready, _) =>
            PublishStateAsync(pool, ready.Services, KnownResourceStates.Running));
        configure?.Invoke(local);
        return auth;
    }

    /// <summary>
    /// Seeds a user of <paramref name="group"/> in the local provider. The password is the generated secret
    /// parameter <c>&lt;name&gt;-password</c>, kept in the AppHost's user secrets and shown on the dashboard.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithUser(this IResourceBuilder<ProjectResource> local, string name, string group)
    {
        var pool = local.Resource.Annotations.OfType<LocalUserPoolAnnotation>().SingleOrDefault()?.Pool
            ?? throw new DistributedApplicationException($"WithUser configures a local user pool; '{local.Resource.Name}' is not one (call it inside RunAsEmulator).");
        var password = local.ApplicationBuilder
            .AddParameter($"{name}-password", new GenerateParameterDefault { MinLength = 16, Special = false }, secret: true)
            .WithParentRelationship(local)
            .WithIconName("Password")
            .WithDescription($"The password of the local user '{name}' ({group}).");
        pool.LocalUsers.Add(new LocalUser(name, group, password.Resource));
        local.ApplicationBuilder.CreateResourceBuilder(pool).WithCommand(
            SignInCommandName(name), $"Open sign-in as {name}", context => SignInAsync(pool, name, password.Resource, context),
            new CommandOptions
            {
                Description = $"Shows the user name and password of '{name}' and where to sign in.",
                IconName = "PersonKey",
                IconVariant = IconVariant.Regular,
                UpdateState = state => state.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            });
        return local
            .WithEnvironment($"LocalAuth__Users__{name}__Password", password)
            .WithEnvironment(context =>
            {
                if (!pool.Groups.Any(known => known.Name == group))
                {
                    throw new DistributedApplicationException($"User '{name}' is in group '{group}', which '{pool.Name}' does not have: add it with WithGroup.");
                }

                context.EnvironmentVariables[$"LocalAuth__Users__{name}__Groups__0"] = group;
            });
    }

    /// <summary>The name of the dashboard command that shows a local user's credentials.</summary>
    public static string SignInCommandName(string user) => $"sign-in-as-{user}";

    private static async Task<ExecuteCommandResult> SignInAsync(
        CognitoUserPoolResource pool, string user, ParameterResource password, ExecuteCommandContext context)
    {
        var secret = await password.GetValueAsync(context.CancellationToken);
        var apps = pool.WebClients.Select(client => client.GetEndpoint("http")).Where(endpoint => endpoint.IsAllocated)
            .Select(endpoint => $"[{endpoint.Resource.Name}]({endpoint.Url})").ToList();
        var where = apps.Count == 0 ? "the app" : string.Join(" or ", apps);
        // Markdown shown in a dialog at once: the password is the generated parameter's value, which the dashboard
        // already shows to whoever runs it; it is never logged.
        var text = $"Open {where} and sign in with\n\n- user name: `{user}`\n- password: `{secret}`";
        return CommandResults.Success($"Sign in as {user}", text, CommandResultFormat.Markdown, displayImmediately: true);
    }

    private static void AddPoolSettings(CognitoUserPoolResource pool, Dictionary<string, object> env)
    {
        Indexed(env, "LocalAuth__Scopes", pool.Scopes.Select(scope => scope.Name));
        foreach (var client in pool.MachineClients)
        {
            var prefix = $"LocalAuth__Clients__{client.Name}";
            env[$"{prefix}__Flow"] = "client_credentials";
            env[$"{prefix}__Secret"] = client.LocalSecret!;
            Indexed(env, $"{prefix}__Scopes", client.Scopes);
        }

        foreach (var client in pool.WebClients)
        {
            var prefix = $"LocalAuth__Clients__{client.Name}";
            var endpoint = client.GetEndpoint("http");
            env[$"{prefix}__Flow"] = "authorization_code";
            env[$"{prefix}__Secret"] = pool.LocalWebClientSecret(client.Name);
            Indexed(env, $"{prefix}__Scopes", pool.WebClientScopes);
            env[$"{prefix}__RedirectUris__0"] = ReferenceExpression.Create($"{endpoint}{CognitoUserPoolResource.CallbackPath}");
            env[$"{prefix}__PostLogoutRedirectUris__0"] = ReferenceExpression.Create($"{endpoint}{CognitoUserPoolResource.SignOutCallbackPath}");
        }
    }

    private static void Indexed(Dictionary<string, object> env, string prefix, IEnumerable<string> values)
    {
        var index = 0;
        foreach (var value in values)
        {
            env[$"{prefix}__{index++.ToString(CultureInfo.InvariantCulture)}"] = value;
        }
    }

    /// <summary>Per user, outside any source tree: signing keys survive restarts, so signed-in browsers stay signed in.</summary>
    private static string KeysPath(string applicationName) => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "IdentityE2E", "local-auth", applicationName);

    private static Task PublishStateAsync(CognitoUserPoolResource pool, IServiceProvider services, string state) =>
        ResourceStates.PublishAsync(pool, services, state, new ResourcePropertySnapshot("users",
            string.Join(", ", pool.LocalUsers.Select(user => $"{user.Name} ({user.Group}, password: parameter {user.Password.Name})"))));

    private sealed record LocalUserPoolAnnotation(CognitoUserPoolResource Pool) : IResourceAnnotation;
}
