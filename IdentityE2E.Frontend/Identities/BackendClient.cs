using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly;

namespace IdentityE2E.Frontend.Identities;

/// <summary>The frontend's only way to the backend: the one place that knows its routes and answers.</summary>
public sealed class BackendClient(HttpClient http)
{
    private const string IdentitiesPath = "/api/identities";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One page of identities, newest first; null when the backend refuses the cursor (tampered or expired).</summary>
    public async Task<IdentityPage?> ListIdentitiesAsync(
        int limit, string? cursor, IdentityStatus? status, CancellationToken cancellationToken)
    {
        var query = QueryString.Create("limit", limit.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(cursor))
        {
            query = query.Add("cursor", cursor);
        }

        if (status is { } wanted)
        {
            query = query.Add("status", wanted.ToWire());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, IdentitiesPath + query.ToUriComponent());
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => await ReadAsync<IdentityPage>(response, cancellationToken),
            HttpStatusCode.BadRequest => null,
            _ => throw Unexpected(request, response),
        };
    }

    /// <summary>The identity, or null when there is none with this id.</summary>
    public async Task<Identity?> GetIdentityAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, IdentityPath(id));
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => await ReadAsync<Identity>(response, cancellationToken),
            HttpStatusCode.NotFound => null,
            _ => throw Unexpected(request, response),
        };
    }

    /// <summary>Creates an identity: Created, ValidationFailed or Conflict.</summary>
    public async Task<BackendResult> CreateIdentityAsync(NewIdentity identity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, IdentitiesPath)
        {
            Content = JsonContent.Create(identity, options: Json),
        };
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => new BackendResult.Created(await ReadAsync<Identity>(response, cancellationToken)),
            HttpStatusCode.BadRequest => await ReadValidationProblemAsync(response, cancellationToken),
            HttpStatusCode.Conflict => new BackendResult.Conflict(),
            _ => throw Unexpected(request, response),
        };
    }

    /// <summary>
    /// Replaces an identity's fields if it is still at <paramref name="version"/>: Updated, ValidationFailed,
    /// Conflict, PreconditionFailed or NotFound.
    /// </summary>
    public async Task<BackendResult> UpdateIdentityAsync(
        string id, long version, IdentityChanges changes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, IdentityPath(id))
        {
            Content = JsonContent.Create(changes, options: Json),
        };
        request.Headers.IfMatch.Add(ETagOf(version));
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new BackendResult.Updated(await ReadAsync<Identity>(response, cancellationToken)),
            HttpStatusCode.BadRequest => await ReadValidationProblemAsync(response, cancellationToken),
            HttpStatusCode.Conflict => new BackendResult.Conflict(),
            HttpStatusCode.PreconditionFailed => new BackendResult.PreconditionFailed(),
            HttpStatusCode.NotFound => new BackendResult.NotFound(),
            _ => throw Unexpected(request, response),
        };
    }

    /// <summary>Deletes an identity if it is still at <paramref name="version"/>: Deleted, PreconditionFailed or NotFound.</summary>
    public async Task<BackendResult> DeleteIdentityAsync(string id, long version, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, IdentityPath(id));
        request.Headers.IfMatch.Add(ETagOf(version));
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NoContent => new BackendResult.Deleted(),
            HttpStatusCode.PreconditionFailed => new BackendResult.PreconditionFailed(),
            HttpStatusCode.NotFound => new BackendResult.NotFound(),
            _ => throw Unexpected(request, response),
        };
    }

    /// <summary>Sets only the status, if the identity is still at <paramref name="version"/>: Updated, PreconditionFailed or NotFound.</summary>
    public async Task<BackendResult> ChangeStatusAsync(string id, long version, IdentityStatus status, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{IdentityPath(id)}/status")
        {
            Content = JsonContent.Create(new StatusChange(status), options: Json),
        };
        request.Headers.IfMatch.Add(ETagOf(version));
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new BackendResult.Updated(await ReadAsync<Identity>(response, cancellationToken)),
            HttpStatusCode.BadRequest => await ReadValidationProblemAsync(response, cancellationToken),
            HttpStatusCode.PreconditionFailed => new BackendResult.PreconditionFailed(),
            HttpStatusCode.NotFound => new BackendResult.NotFound(),
            _ => throw Unexpected(request, response),
        };
    }

    /// <summary>Who changed the identity and how, oldest first; null when there is no such identity.</summary>
    public async Task<IReadOnlyList<IdentityChange>?> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{IdentityPath(id)}/history");
        using var response = await SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => (await ReadAsync<IdentityHistory>(response, cancellationToken)).Items,
            HttpStatusCode.NotFound => null,
            _ => throw Unexpected(request, response),
        };
    }

    private static string IdentityPath(string id) => $"{IdentitiesPath}/{Uri.EscapeDataString(id)}";

    private static EntityTagHeaderValue ETagOf(long version) =>
        new($"\"{version.ToString(CultureInfo.InvariantCulture)}\"");

    // Everything that means "the backend could not answer now" becomes one exception the pages turn
    // into a 503 with a retry link. Answers the backend did give (4xx) are left to the callers.
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BackendUnavailableException($"{request.Method} {request.RequestUri} failed: {e.Message}", e);
        }
        catch (ExecutionRejectedException e)
        {
            // Polly gave up before or instead of an answer: total timeout, open circuit, rate limit.
            throw new BackendUnavailableException($"{request.Method} {request.RequestUri} was rejected: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout; a cancelled page request (the browser went away) is not an outage.
            throw new BackendUnavailableException($"{request.Method} {request.RequestUri} timed out.", e);
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The backend decides with the user's own token; a refusal is the user's rights, not an outage.
            var forbidden = response.StatusCode == HttpStatusCode.Forbidden;
            response.Dispose();
            throw new BackendRefusedException(forbidden, $"{request.Method} {request.RequestUri} was refused ({(forbidden ? 403 : 401)}).");
        }

        if ((int)response.StatusCode >= 500)
        {
            var retryAfter = RetryAfterOf(response);
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new BackendUnavailableException(
                $"{request.Method} {request.RequestUri} answered {status}.", retryAfter);
        }

        return response;
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > DateTimeOffset.UtcNow => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
        ?? throw new InvalidOperationException($"The backend answered {(int)response.StatusCode} with an empty body.");

    private static async Task<BackendResult> ReadValidationProblemAsync(
        HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await ReadAsync<ValidationProblem>(response, cancellationToken);
        return new BackendResult.ValidationFailed(problem.Errors ?? new Dictionary<string, string[]>());
    }

    // A 428 or an undocumented status is a bug on one side or the other, not an outage: let it be a 500.
    private static InvalidOperationException Unexpected(HttpRequestMessage request, HttpResponseMessage response) =>
        new($"The backend answered {request.Method} {request.RequestUri} with {(int)response.StatusCode}, which this client does not expect.");

    private sealed record StatusChange(IdentityStatus Status);

    private sealed record IdentityHistory(IReadOnlyList<IdentityChange> Items);

    private sealed record ValidationProblem(string? Title, Dictionary<string, string[]>? Errors);
}
