using System.Net;
using System.Text;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// Runs the hostile form catalogue through the whole system: every post gets a readable message next to
/// the field or a client error, never a server error, hostile text comes back encoded, and the stored
/// identities are exactly as they were.
/// </summary>
[Collection(SharedAppHost.Name)]
public sealed class HostileFormInputTests(AppHostFixture fixture)
{
    private const int Timeout = 60_000;

    // Where the markup of one field ends: the next field, or the form's buttons.
    private static readonly string[] FieldEnds = ["<div class=\"field\">", "<div class=\"actions\">"];

    public static TheoryData<string> Catalogue => [.. HostileFormCatalogue.All().Select(hostile => hostile.Name)];

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Catalogue))]
    public async Task AHostileFormPostIsRefusedReadablyAndChangesNoStoredData(string name)
    {
        // Arrange
        var hostile = HostileFormCatalogue.Find(name);
        var cancellationToken = TestContext.Current.CancellationToken;
        using var backend = await fixture.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        var target = hostile.IsEdit
            ? await backend.CreateIdentityAsync(cancellationToken, email: IdentityRequests.NewEmail("hostile-form"))
            : null;
        using var client = await fixture.SignedInFormClientAsync();
        var token = await client.OpenFormAsync(cancellationToken);
        var path = hostile.Path ?? (target is null ? "/identities/new" : $"/identities/{target.Id}/edit");
        var listBefore = await ListAsync(backend, cancellationToken);

        // Act
        using var response = hostile.Raw is { } raw
            ? await client.PostAsync(path, new StringContent(raw.Body, Encoding.UTF8, raw.ContentType), cancellationToken)
            : await client.PostFormAsync(path, Form(hostile, token), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        // Assert
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{name}: answered {status}.");
        switch (hostile.Refusal)
        {
            case Refusal.MessageNextToField:
                Assert.True(status == 200, $"{name}: expected the form again (200), got {status}.");
                Assert.True(FieldHasMessage(html, hostile.Field!), $"{name}: no message next to {hostile.Field}.");
                break;
            case Refusal.MessageOnPage:
                Assert.True(status == 200, $"{name}: expected the page again (200), got {status}.");
                Assert.True(html.Contains("role=\"alert\"", StringComparison.Ordinal) || html.Contains("class=\"validation-message\"", StringComparison.Ordinal),
                    $"{name}: no message on the page.");
                break;
            case Refusal.ClientError:
                Assert.True(status == hostile.Status, $"{name}: expected {hostile.Status}, got {status}.");
                break;
        }

        if (hostile.MustContain is { } encoded)
        {
            Assert.Contains(encoded, html, StringComparison.Ordinal);
        }

        if (hostile.MustNotContain is { } markup)
        {
            Assert.DoesNotContain(markup, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.Equal(listBefore, await ListAsync(backend, cancellationToken));
        if (target is not null)
        {
            Assert.Equal(target, await backend.GetExistingIdentityAsync(target.Id, cancellationToken));
        }
    }

    [Fact]
    public void TheCatalogueHasDistinctNamesAndCoversBothForms()
    {
        // Act
        var cases = HostileFormCatalogue.All();

        // Assert
        Assert.InRange(cases.Count, 15, 40);
        Assert.Equal(cases.Count, cases.Select(hostile => hostile.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(cases, hostile => hostile.IsEdit);
        Assert.Contains(cases, hostile => !hostile.IsEdit);
    }

    [Fact(Timeout = Timeout)]
    public async Task AStoredScriptInANameIsShownAsTextOnEveryPage()
    {
        // Arrange: the backend accepts any printable name, so markup can be stored; pages must encode it.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var backend = await fixture.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        var email = IdentityRequests.NewEmail("script");
        using var created = await backend.PostIdentityAsync(
            IdentityRequests.NewIdentity(email, givenName: "<script>alert(1)</script>", familyName: "<img src=x onerror=alert(2)>"), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await IdentityRequests.ReadIdentityAsync(created, cancellationToken)).Id;
        using var client = await fixture.SignedInFormClientAsync();

        foreach (var path in new[] { "/", $"/identities/{id}", $"/identities/{id}/edit", $"/identities/{id}/delete" })
        {
            // Act
            using var response = await client.GetAsync(path, cancellationToken);
            var html = await response.Content.ReadAsStringAsync(cancellationToken);

            // Assert
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}.");
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
            ExpectedHeaders.AssertNothingInline(html);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task FieldsTheCreateFormDoesNotHaveAreIgnored()
    {
        // Arrange: a status, a version and an id posted with an otherwise valid new identity.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var backend = await fixture.App.CreateAutomationClientAsync(TestContext.Current.CancellationToken);
        using var client = await fixture.SignedInFormClientAsync();
        var token = await client.OpenFormAsync(cancellationToken);
        var email = IdentityRequests.NewEmail("mass-assignment");

        // Act
        using var response = await client.PostFormAsync("/identities/new",
        [
            .. FormClient.CreateForm(token, "Ada", "Lovelace", email),
            new("Model.Status", "Verified"), new("Model.Version", "99"), new("Model.Id", "0123456789abcdef0123456789abcdef"),
        ], cancellationToken);

        // Assert: created as any new identity is, pending at version 1 with an id of the server's choosing.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/identities/", location, StringComparison.Ordinal);
        var id = location["/identities/".Length..location.IndexOf('?', StringComparison.Ordinal)];
        Assert.NotEqual("0123456789abcdef0123456789abcdef", id);
        var stored = await backend.GetExistingIdentityAsync(id, cancellationToken);
        Assert.Equal(("pending", 1L, email), (stored.Status, stored.Version, stored.Email));
    }

    /// <summary>A valid form for the case's target, changed as the case says.</summary>
    private static List<KeyValuePair<string, string>> Form(HostileFormCase hostile, string token)
    {
        var fields = new Dictionary<string, string?>
        {
            ["_handler"] = hostile.Form,
            ["__RequestVerificationToken"] = token,
            ["Model.GivenName"] = "Ada",
            ["Model.FamilyName"] = "Lovelace",
            ["Model.Email"] = IdentityRequests.NewEmail("hostile-form"),
            ["Model.DateOfBirth"] = "1990-12-10",
        };
        if (hostile.IsEdit)
        {
            fields["Model.Status"] = "Pending";
            fields["Model.Version"] = "1";
        }

        foreach (var (key, value) in hostile.Fields)
        {
            fields[key] = value;
        }

        return [.. fields.Where(field => field.Value is not null).Select(field => new KeyValuePair<string, string>(field.Key, field.Value!))];
    }

    /// <summary>Whether a validation message follows the field's input before the next field begins.</summary>
    private static bool FieldHasMessage(string html, string field)
    {
        var start = html.IndexOf($"name=\"Model.{field}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var ends = FieldEnds
            .Select(marker => html.IndexOf(marker, start, StringComparison.Ordinal))
            .Where(index => index >= 0);
        var end = ends.DefaultIfEmpty(html.Length).Min();
        return html[start..end].Contains("class=\"validation-message\"", StringComparison.Ordinal);
    }

    private static async Task<string> ListAsync(HttpClient backend, CancellationToken cancellationToken)
    {
        using var response = await backend.GetAsync("/api/identities?limit=100", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
