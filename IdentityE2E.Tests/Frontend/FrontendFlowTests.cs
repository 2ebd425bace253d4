using System.Net;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Frontend;

/// <summary>
/// The frontend's forms over plain HTTP against the whole system (AppHost: frontend, backend, DynamoDB
/// Local): what a browser without script does, checked on the HTML the pages answer with.
/// Form names: create-identity, edit-identity, change-status, delete-identity; fields Model.GivenName,
/// Model.FamilyName, Model.Email, Model.DateOfBirth, Model.Status, Model.Version, StatusChange.Version,
/// StatusChange.Status, Confirmation.Version.
/// </summary>
[Collection(SharedAppHost.Name)]
public sealed class FrontendFlowTests(AppHostFixture fixture)
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task AnIdentityCreatedThroughTheFormAppearsInTheList()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var email = NewEmail("ada");

        // Act
        using var response = await session.SubmitAsync("/identities/new", "create-identity",
            IdentityFields("Ada", "Lovelace", email, "1990-12-10"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var id = IdentityIdFrom(response, expectedDone: "created");
        var details = await session.GetPageAsync($"/identities/{id}?done=created", cancellationToken);
        Assert.Contains("""role="status">Identity created.</p>""", details, StringComparison.Ordinal);
        Assert.Contains($"""<dd id="field-email">{email}</dd>""", details, StringComparison.Ordinal);
        Assert.Contains("""<dd id="field-dateOfBirth">1990-12-10</dd>""", details, StringComparison.Ordinal);
        var list = await session.GetPageAsync("/?status=pending", cancellationToken);
        Assert.Contains($"""<tr data-identity-id="{id}">""", list, StringComparison.Ordinal);
        Assert.Contains(email, list, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task AFormTheFrontendRefusesIsShownAgainWithTheReasonNextToTheField()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();

        // Act: the backend, not the form, knows that 1850 is too early.
        using var response = await session.SubmitAsync("/identities/new", "create-identity",
            IdentityFields("Ada", "Lovelace", NewEmail("ada"), "1850-01-01"), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.Contains("""<div class="validation-message">Date of birth must not be before 1900-01-01.</div>""", html, StringComparison.Ordinal);
        Assert.Equal("Ada", FrontendSession.InputValue(html, "Model.GivenName"));
    }

    [Fact(Timeout = Timeout)]
    public async Task EditingAnIdentityThroughTheFormShowsTheNewValues()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var email = NewEmail("grace");
        var id = await CreateAsync(session, "Grace", "Hopper", email, cancellationToken);
        var form = await session.GetPageAsync($"/identities/{id}/edit", cancellationToken);
        var version = FrontendSession.InputValue(form, "Model.Version");

        // Act
        using var response = await session.SubmitAsync($"/identities/{id}/edit", "edit-identity",
            [.. IdentityFields("Grace Brewster", "Hopper", email, "1906-12-09"), new("Model.Status", "Verified"), new("Model.Version", version)],
            cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(id, IdentityIdFrom(response, expectedDone: "updated"));
        var details = await session.GetPageAsync($"/identities/{id}?done=updated", cancellationToken);
        Assert.Contains("""role="status">Identity updated.</p>""", details, StringComparison.Ordinal);
        Assert.Contains("""<dd id="field-givenName">Grace Brewster</dd>""", details, StringComparison.Ordinal);
        Assert.Contains("""<dd id="field-status">Verified</dd>""", details, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task UsingAnotherIdentitysEmailIsExplainedInPlainWordsNextToTheEmailField()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var takenEmail = NewEmail("ada");
        await CreateAsync(session, "Ada", "Lovelace", takenEmail, cancellationToken);
        var id = await CreateAsync(session, "Ada", "Byron", NewEmail("byron"), cancellationToken);

        // Act
        using var response = await session.SubmitAsync($"/identities/{id}/edit", "edit-identity",
            [.. IdentityFields("Ada", "Byron", takenEmail.ToUpperInvariant(), ""), new("Model.Status", "Pending"), new("Model.Version", "1")],
            cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.Contains("""<div class="validation-message">Another identity already uses this email address.</div>""", html, StringComparison.Ordinal);
        Assert.Equal(takenEmail.ToUpperInvariant(), FrontendSession.InputValue(html, "Model.Email"));
    }

    [Fact(Timeout = Timeout)]
    public async Task SavingAnEditMadeOnAnOlderVersionAsksToReload()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var email = NewEmail("alan");
        var id = await CreateAsync(session, "Alan", "Turing", email, cancellationToken);
        using var firstEdit = await session.SubmitAsync($"/identities/{id}/edit", "edit-identity",
            [.. IdentityFields("Alan Mathison", "Turing", email, ""), new("Model.Status", "Pending"), new("Model.Version", "1")],
            cancellationToken);
        Assert.Equal(HttpStatusCode.Found, firstEdit.StatusCode);

        // Act: a second editor still has version 1 in their form.
        using var response = await session.SubmitAsync($"/identities/{id}/edit", "edit-identity",
            [.. IdentityFields("A. M.", "Turing", email, ""), new("Model.Status", "Pending"), new("Model.Version", "1")],
            cancellationToken);

        // Assert
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.Contains("Someone else changed this identity while you were editing. Reload to see the current version.", html, StringComparison.Ordinal);
        Assert.Contains($"""<a id="reload" href="identities/{id}/edit">""", html, StringComparison.Ordinal);
        var details = await session.GetPageAsync($"/identities/{id}", cancellationToken);
        Assert.Contains("""<dd id="field-givenName">Alan Mathison</dd>""", details, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task VerifyingAnIdentityFromItsPageChangesItsStatus()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var id = await CreateAsync(session, "Katherine", "Johnson", NewEmail("katherine"), cancellationToken);

        // Act
        using var response = await session.SubmitAsync($"/identities/{id}", "change-status",
            [new("StatusChange.Version", "1"), new("StatusChange.Status", "Verified")], cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(id, IdentityIdFrom(response, expectedDone: "verified"));
        var details = await session.GetPageAsync($"/identities/{id}", cancellationToken);
        Assert.Contains("""<dd id="field-status">Verified</dd>""", details, StringComparison.Ordinal);
        Assert.DoesNotContain("""id="verify""", details, StringComparison.Ordinal);
        Assert.Contains("""id="reject""", details, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task AStatusChangeToAnythingButVerifiedOrRejectedIsRefusedAndChangesNothing()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var id = await CreateAsync(session, "Dorothy", "Vaughan", NewEmail("dorothy"), cancellationToken);

        // Act
        using var response = await session.SubmitAsync($"/identities/{id}", "change-status",
            [new("StatusChange.Version", "1"), new("StatusChange.Status", "Deleted")], cancellationToken);
        var page = await response.Content.ReadAsStringAsync(cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose Verify or Reject.", page, StringComparison.Ordinal);
        using var backend = await fixture.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        var stored = await backend.GetExistingIdentityAsync(id, cancellationToken);
        Assert.Equal(("pending", 1L), (stored.Status, stored.Version));
    }

    [Fact(Timeout = Timeout)]
    public async Task DeletingAnIdentityAfterConfirmingRemovesIt()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var id = await CreateAsync(session, "Ada", "Lovelace", NewEmail("ada"), cancellationToken);
        var confirmation = await session.GetPageAsync($"/identities/{id}/delete", cancellationToken);
        Assert.Contains("Delete Ada Lovelace? This cannot be undone.", confirmation, StringComparison.Ordinal);

        // Act
        using var response = await session.SubmitAsync($"/identities/{id}/delete", "delete-identity",
            [new("Confirmation.Version", FrontendSession.InputValue(confirmation, "Confirmation.Version"))], cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/?done=deleted", response.Headers.Location?.OriginalString);
        using var gone = await session.GetAsync($"/identities/{id}", cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("<h1>Identity not found</h1>", await gone.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task APostWithoutAValidAntiforgeryTokenIsRefused()
    {
        // Arrange: a session that never loaded the form has neither the antiforgery cookie nor a real token.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var session = await fixture.SignedInSessionAsync();
        var email = NewEmail("mallory");

        // Act
        using var response = await session.PostAsync("/identities/new", "create-identity", "forged-token",
            IdentityFields("Mallory", "Forger", email, ""), cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var list = await session.GetPageAsync("/?status=pending", cancellationToken);
        Assert.DoesNotContain(email, list, StringComparison.Ordinal);
    }


    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static KeyValuePair<string, string>[] IdentityFields(string givenName, string familyName, string email, string dateOfBirth) =>
    [
        new("Model.GivenName", givenName),
        new("Model.FamilyName", familyName),
        new("Model.Email", email),
        new("Model.DateOfBirth", dateOfBirth),
    ];

    private static async Task<string> CreateAsync(
        FrontendSession session, string givenName, string familyName, string email, CancellationToken cancellationToken)
    {
        using var response = await session.SubmitAsync("/identities/new", "create-identity",
            IdentityFields(givenName, familyName, email, ""), cancellationToken);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return IdentityIdFrom(response, expectedDone: "created");
    }

    /// <summary>The id from a redirect to /identities/{id}?done=..., checking what the redirect says was done.</summary>
    private static string IdentityIdFrom(HttpResponseMessage redirect, string expectedDone)
    {
        var location = redirect.Headers.Location;
        Assert.NotNull(location);
        var match = System.Text.RegularExpressions.Regex.Match(location.OriginalString, "^/identities/([0-9a-f]{32})\\?done=(\\w+)$");
        Assert.True(match.Success, $"Unexpected redirect to {location}.");
        Assert.Equal(expectedDone, match.Groups[2].Value);
        return match.Groups[1].Value;
    }
}
