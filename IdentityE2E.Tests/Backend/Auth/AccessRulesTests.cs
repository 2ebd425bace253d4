using System.Security.Claims;
using IdentityE2E.Backend.Auth;

namespace IdentityE2E.Tests.Backend.Auth;

public sealed class AccessRulesTests
{
    private static readonly AuthOptions Local = new() { GroupsClaim = "groups", ScopePrefix = "" };
    private static readonly AuthOptions Cognito = new() { GroupsClaim = "cognito:groups", ScopePrefix = "https://api.example/" };

    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value)), "Bearer"));

    [Fact]
    public void AMachineTokenWithTheWriteScopeMayWrite() =>
        Assert.True(AccessRules.CanWrite(Token(("sub", "automation"), ("client_id", "automation"), ("scope", "identities.read identities.write")), Local));

    [Fact]
    public void AnEditorWithTheWriteScopeMayWrite() =>
        Assert.True(AccessRules.CanWrite(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", "openid identities.write"), ("groups", "editors")), Local));

    [Fact]
    public void AViewerMayReadButNotWrite()
    {
        // Arrange
        var viewer = Token(("sub", "u2"), ("client_id", "frontend"), ("scope", "identities.read identities.write"), ("groups", "viewers"));

        // Act / Assert
        Assert.True(AccessRules.CanRead(viewer, Local));
        Assert.False(AccessRules.CanWrite(viewer, Local));
    }

    [Fact]
    public void AnEditorWithoutTheWriteScopeMayNotWrite() =>
        Assert.False(AccessRules.CanWrite(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", "identities.read"), ("groups", "editors")), Local));

    [Fact]
    public void AUserWhoseSubjectIsNotTheClientIsNoMachine() =>
        Assert.False(AccessRules.CanWrite(Token(("sub", "u3"), ("client_id", "automation"), ("scope", "identities.write")), Local));

    [Fact]
    public void GroupsGivenAsOneJsonArrayClaimCount() =>
        Assert.True(AccessRules.CanWrite(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", "identities.write"), ("groups", """["viewers","editors"]""")), Local));

    [Fact]
    public void GroupsGivenAsSeveralClaimsCount() =>
        Assert.True(AccessRules.CanWrite(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", "identities.write"), ("groups", "viewers"), ("groups", "editors")), Local));

    [Fact]
    public void GroupsAreReadFromTheConfiguredClaimOnly() =>
        Assert.False(AccessRules.CanWrite(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", "https://api.example/identities.write"), ("groups", "editors")), Cognito));

    [Fact]
    public void CognitoScopesCarryTheResourceServerPrefix()
    {
        // Arrange
        var prefixed = Token(("sub", "u1"), ("client_id", "web"), ("scope", "https://api.example/identities.read https://api.example/identities.write"), ("cognito:groups", "editors"));
        var bare = Token(("sub", "u1"), ("client_id", "web"), ("scope", "identities.read identities.write"), ("cognito:groups", "editors"));

        // Act / Assert
        Assert.True(AccessRules.CanRead(prefixed, Cognito) && AccessRules.CanWrite(prefixed, Cognito));
        Assert.False(AccessRules.CanRead(bare, Cognito) || AccessRules.CanWrite(bare, Cognito));
    }

    [Theory]
    [InlineData("identities.readonly")]
    [InlineData("xidentities.read")]
    [InlineData("IDENTITIES.READ")]
    [InlineData("")]
    public void AScopeMatchesOnlyAsAWholeWord(string scope) =>
        Assert.False(AccessRules.CanRead(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", scope)), Local));

    [Fact]
    public void AGroupNameThatOnlyContainsEditorsIsNotEditors() =>
        Assert.False(AccessRules.CanWrite(Token(("sub", "u1"), ("client_id", "frontend"), ("scope", "identities.write"), ("groups", "not-editors")), Local));

    [Fact]
    public void ATokenWithoutASubjectMayNotWrite() =>
        Assert.False(AccessRules.CanWrite(Token(("client_id", "frontend"), ("scope", "identities.write"), ("groups", "editors")), Local));
}
