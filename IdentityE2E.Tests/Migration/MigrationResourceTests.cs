using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace IdentityE2E.Tests.Migration;

public sealed class MigrationResourceTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task InRunModeTheMigrationToolWaitsToBeStartedAndMayOnlyPutGetAndQueryIdentities()
    {
        // Arrange / Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true", "Migration:Source=/data/people.csv"], TestContext.Current.CancellationToken);

        // Assert
        var migration = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == "migration"), exactMatch: false);
        Assert.Contains(migration.Annotations, annotation => annotation is ExplicitStartupAnnotation);
        var identities = builder.Resources.OfType<DynamoDBTableResource>().Single(t => t.Name == "identities");
        Assert.Equal(TableAccess.Get | TableAccess.Put | TableAccess.Query, identities.Users.Single(user => user.User == migration).Access);
        var args = new List<object>();
        foreach (var callback in migration.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, TestContext.Current.CancellationToken));
        }

        Assert.Equal(["import", "/data/people.csv"], args.Cast<string>());
    }

    [Fact(Timeout = Timeout)]
    public async Task PublishedTheMigrationToolIsAJobWithTheSameGrantsAndNoArguments()
    {
        // Arrange / Act: Migration:Source is a laptop's path; a cloud run gets its arguments from run-task.
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json"), "Migration:Source=/data/people.csv"],
            TestContext.Current.CancellationToken);

        // Assert
        var migration = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == "migration"), exactMatch: false);
        Assert.Contains(migration.Annotations, annotation => annotation is EcsTaskAnnotation);
        var marker = Assert.IsType<EcsTaskResource>(builder.Resources.Single(r => r.Name == "migration-task"));
        Assert.Same(migration, marker.Job);
        var identities = builder.Resources.OfType<DynamoDBTableResource>().Single(t => t.Name == "identities");
        Assert.Equal(TableAccess.Get | TableAccess.Put | TableAccess.Query, identities.Users.Single(user => user.User == migration).Access);
        var args = new List<object>();
        foreach (var callback in migration.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, TestContext.Current.CancellationToken));
        }

        Assert.Empty(args);
    }
}
