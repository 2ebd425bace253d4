using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace IdentityE2E.Tests.Migration;

public sealed class MigrationResourceTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task InRunModeTheMigrationToolWaitsToBeStartedAndMayOnlyPutAndGetIdentities()
    {
        // Arrange / Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true", "Migration:Source=/data/people.csv"], TestContext.Current.CancellationToken);

        // Assert
        var migration = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == "migration"), exactMatch: false);
        Assert.Contains(migration.Annotations, annotation => annotation is ExplicitStartupAnnotation);
        var identities = builder.Resources.OfType<DynamoDBTableResource>().Single(t => t.Name == "identities");
        Assert.Equal(TableAccess.Get | TableAccess.Put, identities.Users.Single(user => user.User == migration).Access);
        var args = new List<object>();
        foreach (var callback in migration.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, TestContext.Current.CancellationToken));
        }

        Assert.Equal(["import", "/data/people.csv"], args.Cast<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task ThePublishedModelLeavesTheMigrationToolOut()
    {
        // Arrange / Act: published, a project becomes a long-running service, which a one-off import is not.
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json")], TestContext.Current.CancellationToken);

        // Assert
        Assert.DoesNotContain(builder.Resources, r => r.Name == "migration");
        var identities = builder.Resources.OfType<DynamoDBTableResource>().Single(t => t.Name == "identities");
        Assert.DoesNotContain(identities.Users, user => user.User.Name == "migration");
    }
}
