using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Identities;

internal static class Extensions
{
    /// <summary>Adds the identities feature: its settings, the DynamoDB client, the store and the table's readiness check.</summary>
    public static IHostApplicationBuilder AddIdentities(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentitiesTableOptions>()
            .BindConfiguration(IdentitiesTableOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IdentitiesTableOptions>, IdentitiesTableOptionsValidator>();
        builder.Services.AddOptions<CursorOptions>()
            .BindConfiguration(CursorOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CursorOptions>, CursorOptionsValidator>();

        // Region, credentials and AWS_ENDPOINT_URL_DYNAMODB come from the environment (the AppHost
        // sets them in run mode, the task role in the cloud); the AWS section may override them.
        builder.Services.AddDefaultAWSOptions(builder.Configuration.GetAWSOptions());
        builder.Services.AddAWSService<IAmazonDynamoDB>((config, _) =>
        {
            // Bounded so that an unreachable or black-holed endpoint fails in seconds, not minutes;
            // IdentityStore adds an overall budget across the retries.
            config.Timeout = TimeSpan.FromSeconds(5);
            config.ConnectTimeout = TimeSpan.FromSeconds(2);
            config.MaxErrorRetry = 2;
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IdentityStore>();
        builder.Services.AddSingleton<IdentitiesTableHealthCheck>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "identities-table",
            services => services.GetRequiredService<IdentitiesTableHealthCheck>(),
            HealthStatus.Unhealthy,
            tags: ["ready"]));

        // The wire contract is strict: a misspelt property is an error the client should hear about,
        // not a field silently left empty.
        // The generated metadata comes first: Native AOT has nothing else to serialize with.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, WireJsonContext.Default);
        });
        return builder;
    }
}
