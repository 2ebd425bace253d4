using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityE2E.Frontend.SignIn;

/// <summary>Registers OpenID Connect sign-in (code flow with PKCE) with a cookie session that refreshes its access token.</summary>
public static class SignInExtensions
{
    public const string SignOutPath = "/signout";

    /// <summary>The sign-out form's action: relative to the page's base, so it keeps a path base.</summary>
    public const string SignOutLink = "signout";

    public const string AccessDeniedPath = "/access-denied";

    /// <summary>Adds sign-in from section <c>Auth</c>, the staff policies and the handler that forwards the user's token to the backend.</summary>
    public static TBuilder AddSignIn<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "identities.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request came over HTTPS (directly or as CloudFront says); usable on http localhost.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.AccessDeniedPath = AccessDeniedPath;
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = auth.Authority;
                options.ClientId = auth.ClientId;
                options.ClientSecret = auth.ClientSecret;
                options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                // The code comes back in the query of a top-level GET, so the correlation cookies can stay
                // SameSite=Lax; form_post would need SameSite=None, which browsers refuse without HTTPS.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                // By default these are SameSite=None and Secure, which no browser stores from plain http; Lax
                // suffices for the query response, and Secure follows the request as the session cookie does.
                foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
                {
                    cookie.SameSite = SameSiteMode.Lax;
                    cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }

                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", $"{auth.ScopePrefix}identities.read", $"{auth.ScopePrefix}identities.write" })
                {
                    options.Scope.Add(scope);
                }

                options.TokenValidationParameters.NameClaimType = "username";
                options.TokenValidationParameters.RoleClaimType = auth.GroupsClaim;
                options.Events.OnRedirectToIdentityProviderForSignOut = context => CognitoLogout.RedirectAsync(context, auth);
            });
        builder.Services.AddSingleton<TokenRefresher>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<TokenRefresher>((options, refresher) =>
                options.Events.OnValidatePrincipal = refresher.ValidateOrRefreshAsync);

        builder.Services.AddAuthorization(options => StaffPolicies.Add(options, auth));
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Maps the sign-out post: it ends the cookie session and the provider's, then comes back to the start page.</summary>
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SignOutPath, async Task<Results<SignOutHttpResult, BadRequest>> (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest();
            }

            // The start page of this service: under a path base the site's root is another service's.
            return TypedResults.SignOut(
                new AuthenticationProperties { RedirectUri = $"{context.Request.PathBase}/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });
        return endpoints;
    }

    /// <summary>The origin the sign-out form's redirect goes to, which the page's form-action policy must allow.</summary>
    internal static string? IdentityProviderOrigins(IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>();
        var origins = new[] { auth?.Authority, auth?.LogoutEndpoint }
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>()
            .Distinct();
        return string.Join(' ', origins) is { Length: > 0 } joined ? joined : null;
    }
}
