using System.Buffers.Binary;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityE2E.Tests.Docs;

/// <summary>
/// The README's tour: starts the whole system with its dashboard, makes a few identities, and photographs the
/// dashboard, the identities list, an edit form and the data browser. <c>docs/screenshots.sh</c> runs this test with
/// <c>IDENTITYE2E_SCREENSHOTS=docs/images</c>; otherwise the pictures go to a temporary folder, so that running the
/// suite never changes the checked-in ones.
/// </summary>
[Collection(AppHostWithDashboard.Name)]
public sealed class ScreenshotTests
{
    public const string DestinationVariable = "IDENTITYE2E_SCREENSHOTS";

    private const int Width = 1280;
    private const int Height = 800;

    private static readonly (string GivenName, string FamilyName, string DateOfBirth)[] People =
    [
        ("Ada", "Lovelace", "1985-12-10"),
        ("Grace", "Hopper", "1976-12-09"),
        ("Alan", "Turing", "1992-06-23"),
    ];

    [Fact(Timeout = 6 * 60 * 1000)]
    public async Task TheTourShowsTheHealthyDashboardTheIdentitiesAnEditFormAndTheData()
    {
        // Arrange
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var cancellationToken = timeout.Token;
        var configured = Environment.GetEnvironmentVariable(DestinationVariable);
        var destination = configured is { Length: > 0 }
            ? Path.GetFullPath(configured, RepositoryRoot.Path)
            : Directory.CreateTempSubdirectory("screenshots-").FullName;
        Directory.CreateDirectory(destination);
        await using var app = await AppHostFixture.StartAsync([], cancellationToken, withDashboard: true);
        var dashboard = await app.GetDashboardUrlAsync(cancellationToken);
        var created = await CreatePeopleAsync(app, cancellationToken);
        var (playwright, browser) = await Infrastructure.Browser.LaunchAsync();
        using var playwrightLifetime = playwright;
        await using var browserLifetime = browser;
        // The dashboard may serve its own development certificate; nothing else here is https.
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = Width, Height = Height }, IgnoreHTTPSErrors = true });
        page.SetDefaultTimeout(30_000);
        var frontend = app.GetEndpoint("frontend", "http");

        try
        {
            // Act and Assert: the dashboard's resources page (the token in the URL signs the browser in).
            await page.GotoAsync(dashboard.ToString(), new() { Timeout = 60_000 });
            foreach (var resource in new[] { "frontend", "backend", "auth-local", "dynamodb-local", "dynamodb-admin", "migration" })
            {
                await Assertions.Expect(page.GetByText(resource, new() { Exact = true }).First).ToBeVisibleAsync();
            }

            await Assertions.Expect(page.GetByText("Not started").First).ToBeVisibleAsync();
            await ShootAsync(page, destination, "dashboard-resources.png");

            // The identities list, signed in as editor on the local provider's page.
            await page.GotoAsync(new Uri(frontend, "/").ToString(), new() { Timeout = 60_000 });
            await page.GetByLabel("Username").FillAsync("editor");
            await page.GetByLabel("Password").FillAsync(await StaffSignIn.PasswordOfAsync(app, "editor", cancellationToken));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => url.StartsWith(frontend.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
            foreach (var identity in created)
            {
                await Assertions.Expect(page.Locator("tr[data-identity-id]", new() { HasText = identity.Email })).ToBeVisibleAsync();
            }

            await ShootAsync(page, destination, "identities-list.png");

            // The edit form of one of them.
            await page.GotoAsync(new Uri(frontend, $"/identities/{created[1].Id}/edit").ToString());
            await Assertions.Expect(page.Locator("#email")).ToHaveValueAsync(created[1].Email);
            await ShootAsync(page, destination, "identity-edit.png");

            // dynamodb-admin's view of the identities table.
            await page.GotoAsync(new Uri(app.GetEndpoint("dynamodb-admin", "http"), "/tables/identities").ToString());
            await Assertions.Expect(page.GetByText(created[0].Email).First).ToBeVisibleAsync();
            await ShootAsync(page, destination, "data-browser.png");
        }
        finally
        {
            if (configured is not { Length: > 0 })
            {
                Directory.Delete(destination, recursive: true);
            }
        }
    }

    private static async Task<List<WireIdentity>> CreatePeopleAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        using var backend = await app.CreateAutomationClientAsync(cancellationToken);
        var created = new List<WireIdentity>();
        foreach (var (givenName, familyName, dateOfBirth) in People)
        {
            // Short enough to read in the pictures, unique all the same.
            var email = $"{givenName}.{familyName}.{Guid.NewGuid().ToString("N")[..6]}@example.com".ToLowerInvariant();
            using var response = await backend.PostIdentityAsync(IdentityRequests.NewIdentity(email, givenName, familyName, dateOfBirth), cancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            created.Add(await IdentityRequests.ReadIdentityAsync(response, cancellationToken));
        }

        return created;
    }

    /// <summary>Saves the viewport and checks that what was written is a PNG of the viewport's size.</summary>
    private static async Task ShootAsync(IPage page, string destination, string name)
    {
        var path = Path.Combine(destination, name);
        await page.ScreenshotAsync(new() { Path = path, Type = ScreenshotType.Png });

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length is > 10_000 and < 1_000_000, $"{name} has {bytes.Length} bytes; a 1280x800 page is tens to hundreds of kilobytes.");
        // The signature, then the IHDR chunk: length (4), type (4), width (4), height (4), big-endian.
        Assert.Equal("89504E470D0A1A0A", Convert.ToHexString(bytes, 0, 8));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
