using System.Net;
using System.Net.Http.Json;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityE2E.Tests.Browser;

/// <summary>Sign-in and the two roles, in a real browser against the running system.</summary>
[Collection(SharedAppHost.Name)]
public sealed class SignInTests(AppHostFixture fixture)
{
    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignInAndAfterItToThePageTheyAskedFor()
    {
        // Arrange
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;

        // Act
        await page.GotoAsync(session.Url("/?status=pending"), new() { Timeout = 60_000 });
        var askedForPassword = page.Url;
        await session.SignInAsync(fixture, "editor");

        // Assert
        Assert.DoesNotContain(session.Frontend.GetLeftPart(UriPartial.Authority), askedForPassword, StringComparison.Ordinal);
        Assert.Equal(session.Url("/?status=pending"), page.Url);
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("editor");
    }

    [Fact]
    public async Task AViewerSeesIdentitiesWithoutAnyActionThatChangesThem()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var backend = await fixture.App.CreateAutomationClientAsync(cancellationToken);
        var identity = await backend.CreateIdentityAsync(cancellationToken, email: IdentityRequests.NewEmail("viewer-sees"));
        await using var session = await BrowserSession.OpenAsync(fixture);
        var page = session.Page;

        // Act
        await session.OpenSignedInAsync(fixture, $"/identities/{identity.Id}", "viewer");

        // Assert
        await Assertions.Expect(page.Locator("#field-email")).ToHaveTextAsync(identity.Email);
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Created");
        foreach (var action in new[] { "#edit", "#verify", "#reject", "#delete" })
        {
            await Assertions.Expect(page.Locator(action)).ToHaveCountAsync(0);
        }

        await page.GotoAsync(session.Url("/"));
        await Assertions.Expect(page.Locator("tr[data-identity-id]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#new-identity")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AViewersForgedVerifyPostIsRefusedReadablyAndChangesNothing()
    {
        // Arrange: a viewer's browser, with its own valid session and antiforgery token, posts the Verify form by hand.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var backend = await fixture.App.CreateAutomationClientAsync(cancellationToken);
        var identity = await backend.CreateIdentityAsync(cancellationToken, email: IdentityRequests.NewEmail("viewer-forges"));
        await using var session = await BrowserSession.OpenAsync(fixture);
        await session.OpenSignedInAsync(fixture, $"/identities/{identity.Id}", "viewer");
        var token = await session.Page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");

        // Act
        var response = await session.Page.Context.APIRequest.PostAsync(session.Url($"/identities/{identity.Id}"), new()
        {
            Form = session.Page.Context.APIRequest.CreateFormData()
                .Append("_handler", "change-status")
                .Append("__RequestVerificationToken", token!)
                .Append("StatusChange.Version", identity.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append("StatusChange.Status", "Verified"),
            MaxRedirects = 0,
        });

        // Assert
        Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
        Assert.Contains("may look at identities but not change them", await response.TextAsync(), StringComparison.Ordinal);
        var after = await backend.GetExistingIdentityAsync(identity.Id, cancellationToken);
        Assert.Equal(identity, after);
    }
}
