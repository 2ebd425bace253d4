using System.Text.Json;

namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>The hostile requests, by what they attack: bodies here and in the partial files next to this one.</summary>
public static partial class HostileCatalogue
{
    private const string Collection = "/api/identities";
    private const string Item = "/api/identities/{id}";
    private const string Json = "application/json";
    private const string CurrentVersion = "If-Match: \"1\"";

    public static IReadOnlyList<HostileCase> All() => [.. BodyCases(), .. FieldCases(), .. RequestCases(), .. TransportCases(), .. AuthCases()];

    private static HostileCase Post(string name, string? body, int status, string? fragment, string? contentType = Json) =>
        new(name, "POST", Collection, [], contentType, body, status, fragment);

    private static HostileCase Put(string name, string? body, int status, string? fragment, string? contentType = Json) =>
        new(name, "PUT", Item, [CurrentVersion], contentType, body, status, fragment);

    private static HostileCase Send(string name, string method, string path, int status, string? fragment, params string[] headers) =>
        new(name, method, path, headers, null, null, status, fragment);

    /// <summary>A create body, valid except for what the case changes.</summary>
    private static string Identity(string? givenName = "Ada", string? familyName = "Lovelace", string? email = "{email}", string? dateOfBirth = "1990-12-10") =>
        JsonSerializer.Serialize(new { givenName, familyName, email, dateOfBirth });

    /// <summary>An update body, valid except for what the case changes.</summary>
    private static string Changes(string? givenName = "Ada", string? email = "{email}", string? status = "verified") =>
        JsonSerializer.Serialize(new { givenName, familyName = "Lovelace", email, dateOfBirth = "1990-12-10", status });

    private static IEnumerable<HostileCase> BodyCases() =>
    [
        Post("json: truncated object", """{"givenName":"Ada",""", 400, "body"),
        Post("json: trailing comma", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}",}""", 400, "body"),
        Post("json: single quotes", """{'givenName':'Ada','familyName':'Lovelace','email':'{email}'}""", 400, "body"),
        Post("json: comment", """{/* hi */"givenName":"Ada","familyName":"Lovelace","email":"{email}"}""", 400, "body"),
        Post("json: not json at all", "givenName=Ada&familyName=Lovelace", 400, "body"),
        Post("json: array body", $"[{Identity()}]", 400, "body"),
        Post("json: null body", "null", 400, "body"),
        Post("json: empty body", "", 400, "body"),
        Post("json: string body", "\"Ada Lovelace\"", 400, "body"),
        Post("json: number body", "42", 400, "body"),
        Post("json: nested 1000 deep", new string('[', 1000) + new string(']', 1000), 400, "body"),
        Post("json: two objects", Identity() + Identity(), 400, "body"),
        Post("json: invalid utf-8", """{"givenName":"Adé","familyName":"Lovelace","email":"{email}"}""", 400, "givenName") with { BodyEncoding = "latin1" },
        Post("type: number for givenName", """{"givenName":42,"familyName":"Lovelace","email":"{email}"}""", 400, "givenName"),
        Post("type: object for email", """{"givenName":"Ada","familyName":"Lovelace","email":{"$ne":null}}""", 400, "email"),
        Post("type: array for familyName", """{"givenName":"Ada","familyName":["Love","lace"],"email":"{email}"}""", 400, "familyName"),
        Post("type: boolean for dateOfBirth", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","dateOfBirth":true}""", 400, "dateOfBirth"),
        Post("type: number for dateOfBirth", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","dateOfBirth":19901210}""", 400, "dateOfBirth"),
        Post("missing: givenName", """{"familyName":"Lovelace","email":"{email}"}""", 400, "givenName"),
        Post("missing: email", """{"givenName":"Ada","familyName":"Lovelace"}""", 400, "email"),
        Post("missing: everything", "{}", 400, "familyName"),
        Post("null: givenName", Identity(givenName: null), 400, "givenName"),
        Post("unknown: nickname", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","nickname":"A"}""", 400, "nickname"),
        Post("mass assignment: id", """{"id":"0123456789abcdef0123456789abcdef","givenName":"Ada","familyName":"Lovelace","email":"{email}"}""", 400, "id"),
        Post("mass assignment: status on create", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","status":"verified"}""", 400, "status"),
        Post("mass assignment: version", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","version":99}""", 400, "version"),
        Post("mass assignment: storage key", """{"pk":"identity#x","givenName":"Ada","familyName":"Lovelace","email":"{email}"}""", 400, "pk"),
        Post("size: body over 16 KiB", Identity(givenName: new string('a', 17 * 1024)), 413, "16 KiB"),
        Post("size: whitespace over 16 KiB", new string(' ', 17 * 1024) + Identity(), 413, "16 KiB"),
        Put("put json: truncated object", """{"givenName":""", 400, "body"),
        Put("put json: array body", $"[{Changes()}]", 400, "body"),
        Put("put json: null body", "null", 400, "body"),
        Put("put type: number for status", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","status":1}""", 400, "status"),
        Put("put mass assignment: version", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","status":"verified","version":99}""", 400, "version"),
        Put("put mass assignment: id", """{"id":"0123456789abcdef0123456789abcdef","givenName":"Ada","familyName":"Lovelace","email":"{email}","status":"verified"}""", 400, "id"),
        Put("put mass assignment: createdAt", """{"givenName":"Ada","familyName":"Lovelace","email":"{email}","status":"verified","createdAt":"2000-01-01T00:00:00Z"}""", 400, "createdAt"),
        Put("put size: body over 16 KiB", Changes(givenName: new string('a', 17 * 1024)), 413, "16 KiB"),
    ];
}
