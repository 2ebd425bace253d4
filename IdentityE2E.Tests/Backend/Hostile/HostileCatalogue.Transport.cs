namespace IdentityE2E.Tests.Backend.Hostile;

/// <summary>Hostile framing: content types, methods, and sizes of the request line and headers.</summary>
public static partial class HostileCatalogue
{
    private static IEnumerable<HostileCase> TransportCases() =>
    [
        Post("content type: text/plain", Identity(), 415, "application/json", "text/plain"),
        Post("content type: application/xml", "<identity><givenName>Ada</givenName></identity>", 415, "application/json", "application/xml"),
        Post("content type: form-urlencoded", "givenName=Ada&familyName=Lovelace&email=ada%40example.com", 415, "application/json", "application/x-www-form-urlencoded"),
        Post("content type: multipart", "--x\r\nContent-Disposition: form-data; name=\"givenName\"\r\n\r\nAda\r\n--x--", 415, "application/json", "multipart/form-data; boundary=x"),
        Post("content type: missing", Identity(), 415, "application/json", null),
        Post("content type: unknown charset", Identity(), 415, "application/json", "application/json; charset=klingon"),
        Post("content type: utf-7 charset", Identity(), 415, "application/json", "application/json; charset=utf-7"),
        Put("put content type: text/plain", Changes(), 415, "application/json", "text/plain"),
        Send("method: PATCH an identity", "PATCH", Item, 405, "Method Not Allowed"),
        Send("method: PUT the collection", "PUT", Collection, 405, "Method Not Allowed"),
        Send("method: DELETE the collection", "DELETE", Collection, 405, "Method Not Allowed"),
        Send("method: POST to an identity", "POST", Item, 405, "Method Not Allowed"),
        Send("method: PATCH the collection", "PATCH", Collection, 405, "Method Not Allowed"),
        Send("method: made up", "BREW", Collection, 405, "Method Not Allowed"),
        Send("size: 20 KB path", "GET", $"{Collection}/{new string('a', 20 * 1024)}", 414, null),
        Send("size: 20 KB query", "GET", $"{Collection}?cursor={new string('a', 20 * 1024)}", 414, null),
        Send("size: 40 KB header", "GET", Collection, 431, null, $"X-Padding: {new string('a', 40 * 1024)}"),
        Send("size: 200 headers", "GET", Collection, 431, null, [.. Enumerable.Range(0, 200).Select(i => $"X-Padding-{i}: {i}")]),
    ];
}
