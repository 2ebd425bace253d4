namespace IdentityE2E.Tests.Backend;

/// <summary>
/// Sets the caller's current token on each request (not once per client), so a client that lives
/// longer than a token keeps working; a request that brings its own Authorization header keeps it.
/// </summary>
public sealed class BearerTokenHandler(BackendTokens tokens, Caller caller) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("Authorization"))
        {
            request.Headers.Authorization = new("Bearer", await tokens.ForAsync(caller, cancellationToken));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
