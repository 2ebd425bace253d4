using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityE2E.Tests.Browser;

/// <summary>One Chromium page on the running system's frontend, and signing in on the local provider's page as a person does.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page, Uri frontend)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Frontend = frontend;
    }

    public IPage Page { get; }

    public Uri Frontend { get; }

    public static async Task<BrowserSession> OpenAsync(AppHostFixture fixture)
    {
        var (playwright, browser) = await Infrastructure.Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        // Every Playwright step is bounded by this.
        page.SetDefaultTimeout(30_000);
        return new BrowserSession(playwright, browser, page, fixture.App.GetEndpoint("frontend", "http"));
    }

    public string Url(string path) => new Uri(Frontend, path).ToString();

    /// <summary>Fills the provider's sign-in form, which the page must be showing, and waits to be back on the frontend.</summary>
    public async Task SignInAsync(AppHostFixture fixture, string username)
    {
        var password = await StaffSignIn.PasswordOfAsync(fixture.App, username, TestContext.Current.CancellationToken);
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(url => url.StartsWith(Frontend.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
    }

    /// <summary>Opens <paramref name="path"/>, signs in on the way as <paramref name="username"/>, and is back on that page.</summary>
    public async Task OpenSignedInAsync(AppHostFixture fixture, string path, string username)
    {
        await Page.GotoAsync(Url(path), new() { Timeout = 60_000 });
        await SignInAsync(fixture, username);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
