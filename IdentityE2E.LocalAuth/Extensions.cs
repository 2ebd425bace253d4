using IdentityE2E.LocalAuth.Configuration;
using IdentityE2E.LocalAuth.Connect;
using IdentityE2E.LocalAuth.Keys;
using IdentityE2E.LocalAuth.SignIn;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IdentityE2E.LocalAuth;

internal static class Extensions
{
    /// <summary>Adds the OpenID Connect provider: settings, clients and users, keys, the provider's own session.</summary>
    public static IHostApplicationBuilder AddLocalAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalAuthOptions>()
            .BindConfiguration(LocalAuthOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LocalAuthOptions>, LocalAuthOptionsValidation>();
        builder.Services.AddSingleton<LocalUsers>();

        // One database per app instance, not per name: two providers in one test process stay apart.
        builder.Services.AddSingleton<InMemoryDatabaseRoot>();
        builder.Services.AddDbContext<LocalAuthDbContext>((services, database) => database
            .UseInMemoryDatabase("local-auth", services.GetRequiredService<InMemoryDatabaseRoot>())
            .UseOpenIddict());
        builder.Services.AddHostedService<ClientSeeder>();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<LocalAuthDbContext>())
            .AddServer(ConfigureServer);
        builder.Services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>()
            .Configure<IOptions<LocalAuthOptions>>((server, settings) => TokenSettings.Apply(server, settings.Value))
            // Loads or creates the keys at start, so a folder the provider cannot write fails it there.
            .ValidateOnStart();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = SignInPage.Path;
                // Browsers share cookies between ports of localhost: distinct names keep the provider's
                // session apart from the frontend's.
                cookie.Cookie.Name = "IdentityE2E.LocalAuth.Session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
            });
        // A form without its antiforgery token is the client's mistake: 400, not 500.
        builder.Services.Configure<ExceptionHandlerOptions>(handler => handler.StatusCodeSelector = exception =>
            exception is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError);
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "IdentityE2E.LocalAuth.Antiforgery");

        // The session cookie is protected with these keys; kept next to the signing keys so a signed-in
        // browser stays signed in when the AppHost restarts the provider.
        builder.Services.AddDataProtection().SetApplicationName("IdentityE2E.LocalAuth");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<LocalAuthOptions>, ILoggerFactory>((keys, settings, logging) =>
                keys.XmlRepository = new FileSystemXmlRepository(KeyFolder.Ensure(settings.Value.KeysPath), logging));
        return builder;
    }

    private static void ConfigureServer(OpenIddictServerBuilder server)
    {
        server.SetAuthorizationEndpointUris(ConnectEndpoints.Authorize)
            .SetTokenEndpointUris(ConnectEndpoints.Token)
            .SetEndSessionEndpointUris(ConnectEndpoints.Logout);
        server.AllowAuthorizationCodeFlow()
            .AllowRefreshTokenFlow()
            .AllowClientCredentialsFlow()
            .RequireProofKeyForCodeExchange();
        server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess);

        // Nothing but the keys has to survive a restart: codes and refresh tokens are self-contained.
        server.DisableAuthorizationStorage();
        server.DisableTokenStorage();

        // Plain signed JWTs, as Cognito issues, so resource servers validate them with JwtBearer.
        server.DisableAccessTokenEncryption();

        server.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableEndSessionEndpointPassthrough()
            // Loopback only and http, like every service in run mode (see Loopback).
            .DisableTransportSecurityRequirement();
    }
}
