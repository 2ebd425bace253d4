using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace IdentityE2E.Frontend.SignIn;

/// <summary>
/// Keeps the access token in the cookie session fresh: shortly before it expires, the refresh token buys a new
/// one. When that fails (the provider forgot the session, the user was removed) the session ends, and the next
/// request goes through sign-in and back to the page it asked for.
/// </summary>
internal sealed partial class TokenRefresher(
    IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider time, ILogger<TokenRefresher> logger)
{
    // Early enough that a token cannot expire between this check and the backend's.
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(1);

    public async Task ValidateOrRefreshAsync(CookieValidatePrincipalContext context)
    {
        if (!DateTimeOffset.TryParse(context.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt)
            || expiresAt - time.GetUtcNow() > RefreshBefore)
        {
            return;
        }

        var tokens = await RefreshAsync(context.Properties.GetTokenValue("refresh_token"), context.HttpContext.RequestAborted);
        if (tokens is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.Properties.StoreTokens(tokens);
        context.ShouldRenew = true;
    }

    private async Task<List<AuthenticationToken>?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return null;
        }

        var options = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = options.ClientId!,
                ["client_secret"] = options.ClientSecret!,
            }), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshRefused((int)response.StatusCode);
                return null;
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var answer = json.RootElement;
            var expiresIn = answer.GetProperty("expires_in").GetInt32();
            List<AuthenticationToken> tokens =
            [
                new() { Name = "access_token", Value = answer.GetProperty("access_token").GetString()! },
                new() { Name = "token_type", Value = "Bearer" },
                new() { Name = "expires_at", Value = time.GetUtcNow().AddSeconds(expiresIn).ToString("o", CultureInfo.InvariantCulture) },
                // Cognito does not rotate refresh tokens; keep the one we have when none comes back.
                new() { Name = "refresh_token", Value = answer.TryGetProperty("refresh_token", out var rotated) ? rotated.GetString()! : refreshToken },
            ];
            if (answer.TryGetProperty("id_token", out var idToken))
            {
                tokens.Add(new() { Name = "id_token", Value = idToken.GetString()! });
            }

            return tokens;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            LogRefreshFailed(exception);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The identity provider refused to refresh an access token ({StatusCode}); the session ends")]
    private partial void LogRefreshRefused(int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing an access token failed; the session ends")]
    private partial void LogRefreshFailed(Exception exception);
}
