using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IdentityE2E.Tests.Backend;

/// <summary>An identity as the wire contract describes it; strict, so an unexpected field fails the test.</summary>
public sealed record WireIdentity(
    string Id, string GivenName, string FamilyName, string Email, string? DateOfBirth, string Status,
    DateTime CreatedAt, string? CreatedBy, DateTime UpdatedAt, string? UpdatedBy, long Version);

public sealed record WirePage(IReadOnlyList<WireIdentity> Items, string? NextCursor);

public sealed record WireHistoryEntry(
    string Action, string By, DateTime At, long Version, IReadOnlyList<string>? Fields = null, string? From = null, string? To = null);

public sealed record WireHistory(IReadOnlyList<WireHistoryEntry> Items);

/// <summary>Calls of the identities API the way a client makes them, so tests read as the contract.</summary>
public static class IdentityRequests
{
    public const string Path = "/api/identities";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>A fresh email, so tests never collide on the uniqueness rule.</summary>
    public static string NewEmail(string name = "person") => $"{name}-{Guid.NewGuid():N}@example.com";

    public static object NewIdentity(string? email = null, string givenName = "Ada", string familyName = "Lovelace", string? dateOfBirth = "1990-12-10") =>
        new { givenName, familyName, email = email ?? NewEmail(), dateOfBirth };

    public static object Changes(WireIdentity identity, string? email = null, string? status = null, string? givenName = null) =>
        new
        {
            givenName = givenName ?? identity.GivenName,
            familyName = identity.FamilyName,
            email = email ?? identity.Email,
            dateOfBirth = identity.DateOfBirth,
            status = status ?? identity.Status,
        };

    public static Task<HttpResponseMessage> PostIdentityAsync(this HttpClient client, object body, CancellationToken cancellationToken) =>
        client.PostAsJsonAsync(Path, body, cancellationToken);

    public static Task<HttpResponseMessage> PostRawIdentityAsync(
        this HttpClient client, string json, CancellationToken cancellationToken, string mediaType = "application/json") =>
        client.PostAsync(Path, new StringContent(json, System.Text.Encoding.UTF8, mediaType), cancellationToken);

    public static async Task<WireIdentity> CreateIdentityAsync(
        this HttpClient client, CancellationToken cancellationToken, string? email = null, string? dateOfBirth = "1990-12-10")
    {
        using var response = await client.PostIdentityAsync(NewIdentity(email, dateOfBirth: dateOfBirth), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadIdentityAsync(response, cancellationToken);
    }

    public static Task<HttpResponseMessage> GetIdentityAsync(this HttpClient client, string id, CancellationToken cancellationToken) =>
        client.GetAsync($"{Path}/{id}", cancellationToken);

    public static async Task<WireIdentity> GetExistingIdentityAsync(this HttpClient client, string id, CancellationToken cancellationToken)
    {
        using var response = await client.GetIdentityAsync(id, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadIdentityAsync(response, cancellationToken);
    }

    public static async Task<WirePage> ListIdentitiesAsync(this HttpClient client, string query, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"{Path}?{query}", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WirePage>(Json, cancellationToken))!;
    }

    public static Task<HttpResponseMessage> PutIdentityAsync(
        this HttpClient client, string id, object body, string? ifMatch, CancellationToken cancellationToken) =>
        client.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Put, $"{Path}/{id}") { Content = JsonContent.Create(body) }, ifMatch), cancellationToken);

    public static Task<HttpResponseMessage> PutStatusAsync(
        this HttpClient client, string id, object body, string? ifMatch, CancellationToken cancellationToken) =>
        client.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Put, $"{Path}/{id}/status") { Content = JsonContent.Create(body) }, ifMatch), cancellationToken);

    public static Task<HttpResponseMessage> DeleteIdentityAsync(
        this HttpClient client, string id, CancellationToken cancellationToken, string? ifMatch = null) =>
        client.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Delete, $"{Path}/{id}"), ifMatch), cancellationToken);

    public static Task<HttpResponseMessage> GetHistoryAsync(this HttpClient client, string id, CancellationToken cancellationToken) =>
        client.GetAsync($"{Path}/{id}/history", cancellationToken);

    public static async Task<WireHistory> GetExistingHistoryAsync(this HttpClient client, string id, CancellationToken cancellationToken)
    {
        using var response = await client.GetHistoryAsync(id, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WireHistory>(Json, cancellationToken))!;
    }

    public static async Task<WireIdentity> ReadIdentityAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await response.Content.ReadFromJsonAsync<WireIdentity>(Json, cancellationToken))!;

    /// <summary>Reads an RFC 7807 problem and checks it is served as one.</summary>
    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The fields a validation problem names, from its <c>errors</c> object.</summary>
    public static async Task<string[]> ReadErrorFieldsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await ReadProblemAsync(response, cancellationToken);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(property => property.Name)];
    }

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();

    private static HttpRequestMessage WithIfMatch(HttpRequestMessage request, string? ifMatch)
    {
        if (ifMatch is not null)
        {
            // Without validation so that tests can send the malformed values clients might send.
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }
}
