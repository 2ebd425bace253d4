using System.Text.Json;

namespace IdentityE2E.Tests.LocalAuth;

public sealed class DiscoveryTests(LocalAuthFixture fixture) : IClassFixture<LocalAuthFixture>
{
    [Fact]
    public async Task TheDiscoveryDocumentListsTheEndpointsAndTheCodeFlowWithPkce()
    {
        // Arrange
        using var http = new HttpClient { BaseAddress = fixture.Factory.Authority };

        // Act
        var body = await http.GetStringAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        // Assert
        var document = JsonDocument.Parse(body).RootElement;
        var authority = fixture.Factory.Authority.AbsoluteUri.TrimEnd('/');
        Assert.Equal(authority + "/", document.GetProperty("issuer").GetString());
        Assert.Equal(authority + "/connect/authorize", document.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(authority + "/connect/token", document.GetProperty("token_endpoint").GetString());
        Assert.Equal(authority + "/connect/logout", document.GetProperty("end_session_endpoint").GetString());
        Assert.Contains("code", Strings(document, "response_types_supported"));
        Assert.Contains("S256", Strings(document, "code_challenge_methods_supported"));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(document, "grant_types_supported").Order());
    }

    private static string[] Strings(JsonElement document, string name) =>
        [.. document.GetProperty(name).EnumerateArray().Select(value => value.GetString()!)];
}
