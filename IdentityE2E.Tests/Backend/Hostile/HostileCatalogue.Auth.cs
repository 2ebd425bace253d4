namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>Requests with no token, a bad one, or one that may not do what it asks: refused, and nothing stored changes.</summary>
public static partial class HostileCatalogue
{
    private static IEnumerable<HostileCase> AuthCases() =>
    [
        Signed("auth: no token creates", "POST", Collection, "", Identity(), 401, "Unauthorized"),
        Signed("auth: no token reads", "GET", Collection, "", null, 401, "Unauthorized"),
        Signed("auth: basic credentials", "POST", Collection, "Basic YWRtaW46YWRtaW4=", Identity(), 401, "Unauthorized"),
        Signed("auth: expired token", "POST", Collection, "Bearer {expired-token}", Identity(), 401, "Unauthorized"),
        Signed("auth: wrong issuer", "PUT", Item, "Bearer {wrong-issuer-token}", Changes(), 401, "Unauthorized"),
        Signed("auth: forged signature", "DELETE", Item, "Bearer {forged-token}", null, 401, "Unauthorized"),
        Signed("auth: no signature", "POST", Collection, "Bearer {unsigned-token}", Identity(), 401, "Unauthorized"),
        Signed("auth: unknown client", "PUT", $"{Item}/status", "Bearer {unknown-client-token}", """{"status":"verified"}""", 401, "Unauthorized"),
        Signed("auth: viewer creates", "POST", Collection, "Bearer {viewer-token}", Identity(), 403, "Forbidden"),
        Signed("auth: viewer updates", "PUT", Item, "Bearer {viewer-token}", Changes(), 403, "Forbidden"),
        Signed("auth: viewer changes status", "PUT", $"{Item}/status", "Bearer {viewer-token}", """{"status":"verified"}""", 403, "Forbidden"),
        Signed("auth: viewer deletes", "DELETE", Item, "Bearer {viewer-token}", null, 403, "Forbidden"),
        Signed("auth: editor without the write scope", "POST", Collection, "Bearer {read-only-editor-token}", Identity(), 403, "Forbidden"),
        Signed("auth: user posing as the machine client", "DELETE", Item, "Bearer {user-as-automation-token}", null, 403, "Forbidden"),
        new("status command: no If-Match", "PUT", $"{Item}/status", [], Json, """{"status":"verified"}""", 428, "If-Match"),
        new("status command: a later version", "PUT", $"{Item}/status", ["If-Match: \"2\""], Json, """{"status":"verified"}""", 412, "changed"),
        new("status command: wrong case", "PUT", $"{Item}/status", [CurrentVersion], Json, """{"status":"VERIFIED"}""", 400, "status"),
        new("status command: smuggled givenName", "PUT", $"{Item}/status", [CurrentVersion], Json, """{"status":"verified","givenName":"Eve"}""", 400, "givenName"),
        new("status command: number", "PUT", $"{Item}/status", [CurrentVersion], Json, """{"status":1}""", 400, "status"),
    ];

    /// <summary>A request with the given Authorization header; empty sends the header with no value, which is no token.</summary>
    private static HostileCase Signed(string name, string method, string path, string authorization, string? body, int status, string fragment) =>
        new(name, method, path, [$"Authorization: {authorization}", CurrentVersion], body is null ? null : Json, body, status, fragment);
}
