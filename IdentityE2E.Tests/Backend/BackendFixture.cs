using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;

namespace IdentityE2E.Tests.Backend;

/// <summary>
/// One DynamoDB Local, one local sign-in provider and one backend for the API tests; tests make their
/// own data, so they share them.
/// </summary>
public sealed class BackendFixture : IAsyncLifetime
{
    private readonly DynamoDBLocalFixture _dynamoDB = new();

    public BackendFactory Factory { get; private set; } = null!;

    public LocalAuthFactory Provider { get; private set; } = null!;

    public DynamoDBLocalFixture DynamoDB => _dynamoDB;

    public async ValueTask InitializeAsync()
    {
        await _dynamoDB.InitializeAsync();
        Provider = new LocalAuthFactory().Start();
        Factory = new BackendFactory(_dynamoDB.ServiceUrl, _dynamoDB.TableName, Provider).Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }

        await _dynamoDB.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBackend : ICollectionFixture<BackendFixture>
{
    public const string Name = "Backend API";
}
