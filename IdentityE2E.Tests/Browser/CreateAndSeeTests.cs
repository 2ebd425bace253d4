using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityE2E.Tests.Browser;

[Collection(SharedAppHost.Name)]
public sealed class CreateAndSeeTests(AppHostFixture fixture)
{
    // Every Playwright step is bounded by the page's default timeout.
    [Fact]
    public async Task AnIdentityCreatedInTheBrowserAppearsInTheList()
    {
        // Arrange
        var frontend = fixture.App.GetEndpoint("frontend", "http");
        var email = $"grace.{Guid.NewGuid():N}@example.com";
        var (playwright, browser) = await Infrastructure.Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        // Act
        await page.GotoAsync(new Uri(frontend, "/identities/new").ToString(), new() { Timeout = 60_000 });
        await page.FillAsync("#givenName", "Grace");
        await page.FillAsync("#familyName", "Hopper");
        await page.FillAsync("#email", email);
        await page.FillAsync("#dateOfBirth", "1906-12-09");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("[role=status]");
        await page.GotoAsync(frontend.ToString());

        // Assert
        var row = page.Locator("tr[data-identity-id]", new() { HasText = email });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Grace");
        await Assertions.Expect(row).ToContainTextAsync("Pending");
    }
}
