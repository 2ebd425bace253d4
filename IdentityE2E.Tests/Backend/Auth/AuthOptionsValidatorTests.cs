using IdentityE2E.Backend.Auth;

namespace IdentityE2E.Tests.Backend.Auth;

public sealed class AuthOptionsValidatorTests
{
    private static AuthOptions Valid(Action<AuthOptions>? change = null)
    {
        var options = new AuthOptions
        {
            Authority = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
            Clients = new() { ["automation"] = "3n4b5c", ["frontend"] = "7d8e9f" },
        };
        change?.Invoke(options);
        return options;
    }

    private static string Validate(AuthOptions options) =>
        new AuthOptionsValidator().Validate(null, options).FailureMessage ?? "";

    [Fact]
    public void TheCloudSettingsAreValidAndTheDefaultsAreCognitos()
    {
        // Act
        var result = new AuthOptionsValidator().Validate(null, Valid());

        // Assert
        Assert.True(result.Succeeded);
        Assert.Equal((true, "cognito:groups", ""), (Valid().RequireHttpsMetadata, Valid().GroupsClaim, Valid().ScopePrefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/relative")]
    [InlineData("ftp://auth.example/")]
    public void AMissingOrMalformedAuthorityIsNamed(string authority) =>
        Assert.Contains("Auth:Authority", Validate(Valid(options => options.Authority = authority)), StringComparison.Ordinal);

    [Fact]
    public void AnHttpAuthorityNeedsHttpsMetadataTurnedOff()
    {
        // Act
        var strict = Validate(Valid(options => options.Authority = "http://localhost:5000/"));
        var local = Validate(Valid(options => { options.Authority = "http://localhost:5000/"; options.RequireHttpsMetadata = false; }));

        // Assert
        Assert.Contains("Auth:RequireHttpsMetadata", strict, StringComparison.Ordinal);
        Assert.Equal("", local);
    }

    [Fact]
    public void NoClientsIsNamed() =>
        Assert.Contains("Auth:Clients", Validate(Valid(options => options.Clients = [])), StringComparison.Ordinal);

    [Fact]
    public void AClientWithoutAnIdIsNamed() =>
        Assert.Contains("Auth:Clients:frontend", Validate(Valid(options => options.Clients = new() { ["frontend"] = " " })), StringComparison.Ordinal);

    [Fact]
    public void AnEmptyGroupsClaimIsNamed() =>
        Assert.Contains("Auth:GroupsClaim", Validate(Valid(options => options.GroupsClaim = "")), StringComparison.Ordinal);
}
