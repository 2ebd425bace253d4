using System.Net;
using System.Text;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// The frontend on a real Kestrel refuses oversized requests before any page sees them, and names no
/// server. The in-memory test server has no such limits, hence Kestrel.
/// </summary>
public sealed class RequestLimitsTests : IAsyncDisposable
{
    private const int Timeout = 60_000;

    private readonly FrontendFactory _factory = new FrontendFactory("Production").StartOnKestrel();

    [Fact(Timeout = Timeout)]
    public async Task AFormBodyOver32KiBIsRefusedWithPayloadTooLarge()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        // Nobody signed in: the limit applies before sign-in or antiforgery are looked at.
        using var client = new FormClient(_factory.CreateKestrelClient());
        const string token = "not-looked-at";

        // Act
        using var response = await client.PostFormAsync("/identities/new",
            FormClient.CreateForm(token, new string('a', 33 * 1024), "Lovelace", "ada@example.com"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("32 KiB", await response.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task AChunkedFormBodyThatGrowsOver32KiBIsRefusedWithPayloadTooLarge()
    {
        // Arrange: no Content-Length, so only reading the body shows its size.
        var cancellationToken = TestContext.Current.CancellationToken;
        // Nobody signed in: the limit applies before sign-in or antiforgery are looked at.
        using var client = new FormClient(_factory.CreateKestrelClient());
        const string token = "not-looked-at";
        using var body = new FormUrlEncodedContent(FormClient.CreateForm(token, new string('a', 40 * 1024), "Lovelace", "ada@example.com"));
        using var content = new StreamContent(await body.ReadAsStreamAsync(cancellationToken));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/identities/new") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        // Act
        using var response = await client.SendAsync(request, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnOverlongRequestLineIsRefused()
    {
        // Arrange
        using var client = _factory.CreateKestrelClient();

        // Act
        using var response = await client.GetAsync($"/identities/{new string('a', 10 * 1024)}", TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Empty(response.Headers.Server);
    }

    [Fact(Timeout = Timeout)]
    public async Task OversizedHeadersAreRefused()
    {
        // Arrange
        using var client = _factory.CreateKestrelClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/identities/new");
        request.Headers.Add("Cookie", $"padding={new string('a', 20 * 1024)}");

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(response.Headers.Server);
    }

    [Fact(Timeout = Timeout)]
    public async Task TooManyHeadersAreRefused()
    {
        // Arrange
        using var client = _factory.CreateKestrelClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/identities/new");
        for (var i = 0; i < 100; i++)
        {
            request.Headers.Add($"X-Padding-{i}", "x");
        }

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/")]
    [InlineData("/identities/new")]
    [InlineData("/nowhere")]
    [InlineData("/health")]
    public async Task NoResponseNamesTheServer(string path)
    {
        // Arrange: nobody signed in, so the pages answer with the redirect to sign-in, which must not name it either.
        using var client = _factory.CreateKestrelClient();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("X-Powered-By"));
        Assert.False(response.Headers.Contains("X-AspNet-Version"));
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task ARequestThatIsNotAFormIsRefusedByTheFormsWithBadRequest()
    {
        // Arrange
        await using var factory = new FrontendFactory("Production");
        using var client = await factory.CreateSignedInPublicClientAsync();
        using var content = new StringContent("""{"givenName":"Ada"}""", Encoding.UTF8, "application/json");

        // Act
        using var response = await client.PostAsync("/identities/new", content, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
