namespace IdentityE2E.Tests.Infrastructure;

/// <summary>Test classes in this collection share one started AppHost; they make their own data.</summary>
[CollectionDefinition(Name)]
public sealed class SharedAppHost : ICollectionFixture<AppHostFixture>
{
    public const string Name = "Shared AppHost";
}
