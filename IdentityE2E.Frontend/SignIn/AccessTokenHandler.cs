using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace IdentityE2E.Frontend.SignIn;

/// <summary>Sends the signed-in user's access token with every backend call, so the backend decides with the user's own rights.</summary>
internal sealed class AccessTokenHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (httpContextAccessor.HttpContext is { } context && await context.GetTokenAsync("access_token") is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
