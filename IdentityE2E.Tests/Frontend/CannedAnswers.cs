using System.Net;
using System.Text;

namespace IdentityE2E.Tests.Frontend;

/// <summary>
/// An HTTP handler that answers every request with one canned response (or throws one exception) and
/// remembers what was sent: enough to check how BackendClient reads each answer of the backend.
/// </summary>
public sealed class CannedAnswers(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string? Body)> Sent { get; } = [];

    public static CannedAnswers Json(HttpStatusCode status, string json, Action<HttpResponseMessage>? headers = null) =>
        new(_ =>
        {
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent(json, Encoding.UTF8, status >= HttpStatusCode.BadRequest ? "application/problem+json" : "application/json"),
            };
            headers?.Invoke(response);
            return response;
        });

    public static CannedAnswers Status(HttpStatusCode status, Action<HttpResponseMessage>? headers = null) =>
        new(_ =>
        {
            var response = new HttpResponseMessage(status);
            headers?.Invoke(response);
            return response;
        });

    public static CannedAnswers Throwing(Exception exception) => new(_ => throw exception);

    /// <summary>A client as the frontend builds it, minus service discovery and resilience.</summary>
    public HttpClient CreateClient() => new(this) { BaseAddress = new Uri("http://backend.test") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Add((request, body));
        return answer(request);
    }
}
