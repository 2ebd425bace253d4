using System.Net;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Frontend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Faults;

public sealed class BackendOutageTests
{
    [Fact]
    public async Task WithTheBackendStoppedTheFrontendSaysSoAndRecoversWithoutReplayingTheCreate()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var scenario = await FaultScenario.StartAsync(cancellationToken);
        using var session = new FrontendSession(scenario.App.GetEndpoint("frontend", "http"));
        await session.SignInAsync("editor", await StaffSignIn.PasswordOfAsync(scenario.App, "editor", cancellationToken), cancellationToken);
        using var backend = await scenario.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        var email = IdentityRequests.NewEmail("outage");
        var form = await session.GetPageAsync("/identities/new", cancellationToken);
        var token = FrontendSession.InputValue(form, "__RequestVerificationToken");

        // Act: the backend goes away; a page and a create meet the outage
        await scenario.StopAsync("backend", cancellationToken);
        await scenario.WaitUntilStoppedAsync("backend", cancellationToken);
        using var list = await session.GetAsync("/", cancellationToken);
        var listText = await list.Content.ReadAsStringAsync(cancellationToken);
        using var create = await session.PostAsync("/identities/new", "create-identity", token,
            [new("Model.GivenName", "Mary"), new("Model.FamilyName", "Jackson"), new("Model.Email", email), new("Model.DateOfBirth", "1921-04-09")],
            cancellationToken);
        var createText = await create.Content.ReadAsStringAsync(cancellationToken);
        using var frontendAlive = await session.GetAsync("/alive", cancellationToken);

        // Act: it comes back; the frontend recovers by itself
        await scenario.StartAsync("backend", cancellationToken);
        using var recovered = await Poll.UntilAsync(() => session.GetAsync("/", cancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, cancellationToken);
        var stored = await backend.ListIdentitiesAsync("limit=100", cancellationToken);

        // Assert: a readable outage page, never an exception
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Contains("not reachable", listText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        Assert.Contains("not reachable", createText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", listText + createText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, frontendAlive.StatusCode);

        // Assert: the failed create was not sent again once the backend was back
        Assert.DoesNotContain(stored.Items, identity => identity.Email == email);
    }
}
