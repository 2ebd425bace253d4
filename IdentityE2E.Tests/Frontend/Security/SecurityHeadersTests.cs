using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// Every kind of response of the running system's frontend carries the security headers, and the pages
/// hold nothing the Content-Security-Policy would block (no inline script or style) or that defeats it.
/// </summary>
[Collection(SharedAppHost.Name)]
public sealed partial class SecurityHeadersTests(AppHostFixture fixture)
{
    private const int Timeout = 60_000;

    [Theory(Timeout = Timeout)]
    [InlineData("/")]
    [InlineData("/?status=verified")]
    [InlineData("/identities/new")]
    [InlineData("/identities/{id}")]
    [InlineData("/identities/{id}/edit")]
    [InlineData("/identities/{id}/delete")]
    public async Task EveryPageCarriesThePolicyAndHasNoInlineScriptOrStyle(string path)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var id = await SeedAsync(cancellationToken);
        using var client = await fixture.SignedInFormClientAsync();

        // Act
        using var response = await client.GetAsync(path.Replace("{id}", id, StringComparison.Ordinal), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ExpectedHeaders.AssertPolicy(response);
        ExpectedHeaders.AssertNothingInline(html);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/nowhere", HttpStatusCode.NotFound)]
    [InlineData("/identities/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/alive", HttpStatusCode.OK)]
    public async Task NotFoundPagesAndHealthAnswersCarryThePolicy(string path, HttpStatusCode expected)
    {
        // Arrange
        using var client = await fixture.SignedInFormClientAsync();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheStylesheetCarriesThePolicy()
    {
        // Arrange: the stylesheet's address is fingerprinted, so take it from a page.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = await fixture.SignedInFormClientAsync();
        using var page = await client.GetAsync("/identities/new", cancellationToken);
        var stylesheet = StylesheetPattern().Match(await page.Content.ReadAsStringAsync(cancellationToken)).Groups["href"].Value;
        Assert.NotEmpty(stylesheet);

        // Act
        using var response = await client.GetAsync("/" + stylesheet, cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        ExpectedHeaders.AssertPolicy(response);
    }

    [Fact(Timeout = Timeout)]
    public async Task ARefusedPostCarriesThePolicy()
    {
        // Arrange
        using var client = await fixture.SignedInFormClientAsync();

        // Act
        using var response = await client.PostFormAsync("/identities/new", [new("_handler", "create-identity")], TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        ExpectedHeaders.AssertPolicy(response);
    }


    private async Task<string> SeedAsync(CancellationToken cancellationToken)
    {
        using var backend = await fixture.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        return (await backend.CreateIdentityAsync(cancellationToken, email: IdentityRequests.NewEmail("headers"))).Id;
    }

    [GeneratedRegex("""<link rel="stylesheet" href="(?<href>[^"]+)""")]
    private static partial Regex StylesheetPattern();
}
