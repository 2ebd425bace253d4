using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Backend.Auth;

internal static partial class Extensions
{
    /// <summary>Accepts the provider's access tokens (JWT bearer) and defines the read and write policies.</summary>
    public static IHostApplicationBuilder AddIdentitiesAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessRules.ReadPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(
                context => AccessRules.CanRead(context.User, OptionsOf(context))))
            .AddPolicy(AccessRules.WritePolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(
                context => AccessRules.CanWrite(context.User, OptionsOf(context))));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.Authority = auth.Authority;
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        // Claims keep the names the provider gave them (sub, scope, client_id, cognito:groups).
        jwt.MapInboundClaims = false;
        // The WWW-Authenticate header would otherwise say why a token failed (its expiry time, a key id).
        jwt.IncludeErrorDetails = false;
        var parameters = jwt.TokenValidationParameters;
        parameters.ValidateIssuer = true;
        parameters.ValidateLifetime = true;
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidateIssuerSigningKey = true;
        // Cognito access tokens carry no aud claim. The client binding below takes its place: a token
        // counts only when its client_id is one of ours, which also refuses ID tokens (they have aud, no client_id).
        parameters.ValidateAudience = false;
        parameters.NameClaimType = AccessRules.SubjectClaim;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var clientId = context.Principal?.FindFirst(AccessRules.ClientIdClaim)?.Value;
                if (clientId is null || !auth.Clients.ContainsValue(clientId))
                {
                    LogUnknownClient(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Extensions)),
                        context.Principal?.FindFirst(AccessRules.SubjectClaim)?.Value ?? "none");
                    context.Fail("The token was issued to a client this service does not know.");
                }

                return Task.CompletedTask;
            },
        };
    }

    private static AuthOptions OptionsOf(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context) =>
        (context.Resource as HttpContext ?? throw new InvalidOperationException("Policies are evaluated for HTTP requests only."))
            .RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;

    // The subject id only; the client id is attacker-chosen text and not worth a log line.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a token of subject {SubjectId}: issued to an unknown client")]
    private static partial void LogUnknownClient(ILogger logger, string subjectId);
}
