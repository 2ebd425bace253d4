namespace IdentityE2E.Tests.LocalAuth;

/// <summary>One started provider shared by a test class whose tests only read from it.</summary>
public sealed class LocalAuthFixture : IAsyncDisposable
{
    public LocalAuthFactory Factory { get; } = new LocalAuthFactory().Start();

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
