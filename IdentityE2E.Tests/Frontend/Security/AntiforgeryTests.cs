using System.Net;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// Every form of the frontend refuses a post whose antiforgery token is missing, made up, or taken from
/// another session (what a cross-site page could send), and the refused post changes nothing.
/// </summary>
[Collection(SharedAppHost.Name)]
public sealed class AntiforgeryTests(AppHostFixture fixture)
{
    private const int Timeout = 60_000;

    public static TheoryData<string, string> FormsAndTokens => new()
    {
        { "create-identity", "missing" },
        { "create-identity", "made up" },
        { "create-identity", "another session's" },
        { "edit-identity", "missing" },
        { "edit-identity", "made up" },
        { "edit-identity", "another session's" },
        { "change-status", "missing" },
        { "change-status", "made up" },
        { "change-status", "another session's" },
        { "delete-identity", "missing" },
        { "delete-identity", "made up" },
        { "delete-identity", "another session's" },
    };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(FormsAndTokens))]
    public async Task APostWithoutThisSessionsTokenIsRefusedAndChangesNothing(string form, string token)
    {
        // Arrange: the attacker's browser holds a real antiforgery cookie (it opened a form once).
        var cancellationToken = TestContext.Current.CancellationToken;
        using var backend = await fixture.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        var identity = await backend.CreateIdentityAsync(cancellationToken, email: IdentityRequests.NewEmail("antiforgery"));
        var newEmail = IdentityRequests.NewEmail("forged");
        var (path, fields) = Post(form, identity.Id, newEmail);
        using var victim = await fixture.SignedInFormClientAsync();
        await victim.OpenFormAsync(cancellationToken);
        using var otherSession = await fixture.SignedInFormClientAsync();
        var otherToken = await otherSession.OpenFormAsync(cancellationToken);
        KeyValuePair<string, string>[] tokenField = token switch
        {
            "missing" => [],
            "made up" => [new("__RequestVerificationToken", "CfDJ8" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()))],
            _ => [new("__RequestVerificationToken", otherToken)],
        };
        var listBefore = await ListAsync(backend, cancellationToken);

        // Act
        using var response = await victim.PostFormAsync(path, [new("_handler", form), .. tokenField, .. fields], cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await backend.GetExistingIdentityAsync(identity.Id, cancellationToken);
        Assert.Equal(identity, after);
        Assert.Equal(listBefore, await ListAsync(backend, cancellationToken));
    }


    /// <summary>What each form posts when used for real, changing the identity (or making a new one).</summary>
    private static (string Path, KeyValuePair<string, string>[] Fields) Post(string form, string id, string email) => form switch
    {
        "create-identity" => ("/identities/new",
        [
            new("Model.GivenName", "Mallory"), new("Model.FamilyName", "Forger"), new("Model.Email", email), new("Model.DateOfBirth", ""),
        ]),
        "edit-identity" => ($"/identities/{id}/edit",
        [
            new("Model.GivenName", "Mallory"), new("Model.FamilyName", "Forger"), new("Model.Email", email), new("Model.DateOfBirth", ""),
            new("Model.Status", "Verified"), new("Model.Version", "1"),
        ]),
        "change-status" => ($"/identities/{id}", [new("StatusChange.Version", "1"), new("StatusChange.Status", "Verified")]),
        "delete-identity" => ($"/identities/{id}/delete", [new("Confirmation.Version", "1")]),
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    private static async Task<string> ListAsync(HttpClient backend, CancellationToken cancellationToken)
    {
        using var response = await backend.GetAsync("/api/identities?limit=100", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
