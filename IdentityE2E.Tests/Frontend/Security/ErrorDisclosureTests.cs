using System.Net;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>Outside development a failure shows a plain page: no stack trace, no exception text, no internal address.</summary>
public sealed class ErrorDisclosureTests
{
    private const int Timeout = 60_000;
    private const string Secret = "connection string Password=hunter2";

    // What would tell an attacker about the code, its exceptions or where the backend lives.
    private static readonly string[] Leaks =
    [
        "Exception", "   at ", "IdentityE2E.", "System.", "Microsoft.", "backend.test", "/api/identities",
        "BackendClient", "stack", "hunter2", ".cs:line",
    ];

    public static TheoryData<string, string> Failures => new()
    {
        // The backend answers something the client does not expect: a bug, so a 500.
        { "an unexpected answer", "/" },
        { "an unexpected answer to a detail page", $"/identities/{FrontendFactory.IdentityId}" },
        // The network layer throws something that is not an outage, carrying internal text.
        { "an exception with a secret in its message", "/" },
    };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Failures))]
    public async Task AFailureShowsAPlainErrorPageWithoutExceptionDetails(string failure, string path)
    {
        // Arrange
        Func<HttpRequestMessage, HttpResponseMessage> backend = failure == "an exception with a secret in its message"
            ? _ => throw new InvalidOperationException(Secret)
            : _ => new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
        await using var factory = new FrontendFactory("Production", backend: backend);
        using var client = await factory.CreateSignedInPublicClientAsync();

        // Act
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("<h1>Something went wrong</h1>", html, StringComparison.Ordinal);
        Assert.All(Leaks, leak => Assert.DoesNotContain(leak, html, StringComparison.OrdinalIgnoreCase));
        ExpectedHeaders.AssertPolicy(response);
        ExpectedHeaders.AssertNothingInline(html);
    }

    [Fact(Timeout = Timeout)]
    public async Task AFailedFormPostShowsAPlainErrorPageWithoutExceptionDetails()
    {
        // Arrange: the create is answered with a status the client does not expect.
        await using var factory = new FrontendFactory("Production", backend: request => request.Method == HttpMethod.Post
            ? new HttpResponseMessage(HttpStatusCode.MethodNotAllowed)
            : FrontendFactory.WorkingBackend(request));
        using var client = new FormClient(await factory.CreateSignedInPublicClientAsync());
        var cancellationToken = TestContext.Current.CancellationToken;
        var token = await client.OpenFormAsync(cancellationToken);

        // Act
        using var response = await client.PostFormAsync("/identities/new",
            FormClient.CreateForm(token, "Ada", "Lovelace", "ada@example.com"), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.All(Leaks, leak => Assert.DoesNotContain(leak, html, StringComparison.OrdinalIgnoreCase));
        ExpectedHeaders.AssertPolicy(response);
    }
}
