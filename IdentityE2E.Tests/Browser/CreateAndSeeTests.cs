using IdentityE2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityE2E.Tests.Browser;

[Collection(SharedAppHost.Name)]
public sealed class CreateAndSeeTests(AppHostFixture fixture)
{
    [Fact]
    public async Task AnEditorCreatesAnIdentityThatAppearsInTheListAndSigningOutAsksForThePasswordAgain()
    {
        // Arrange
        var email = $"grace.{Guid.NewGuid():N}@example.com";
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;
        await session.OpenSignedInAsync(fixture, "/identities/new", "editor");

        // Act
        await page.FillAsync("#givenName", "Grace");
        await page.FillAsync("#familyName", "Hopper");
        await page.FillAsync("#email", email);
        await page.FillAsync("#dateOfBirth", "1906-12-09");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync("[role=status]");
        await page.GotoAsync(session.Url("/"));
        var row = page.Locator("tr[data-identity-id]", new() { HasText = email });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await page.ClickAsync("#sign-out");

        // Assert
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await page.GotoAsync(session.Url("/"));
        await Assertions.Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
    }
}
