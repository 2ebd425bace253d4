using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.AppHost;

/// <summary>The dashboard as the control room: its commands, friendly links, tree and icons, on the shared AppHost.</summary>
[Collection(SharedAppHost.Name)]
public sealed class DashboardTests(AppHostFixture fixture)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task SeedingAndImportingFillTheIdentitiesTableAndResettingEmptiesIt()
    {
        // Arrange: the tests of this collection run one at a time and each makes its own data, so emptying the table
        // here takes nothing another test still needs.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(CommandTimeout);
        using var dynamoDB = LocalClient();
        var before = await CountIdentitiesAsync(dynamoDB, timeout.Token);
        var count = new InteractionInputCollection([new InteractionInput { Name = "count", InputType = InputType.Number, Value = "5" }]);

        // Act
        var seeded = await fixture.App.ResourceCommands.ExecuteCommandAsync("identities", "seed-identities", count, timeout.Token);
        var afterSeeding = await CountIdentitiesAsync(dynamoDB, timeout.Token);
        var imported = await fixture.App.ResourceCommands.ExecuteCommandAsync("migration", "import-sample-file", timeout.Token);
        var afterImport = await CountIdentitiesAsync(dynamoDB, timeout.Token);
        var reset = await fixture.App.ResourceCommands.ExecuteCommandAsync("identities", "reset-data", timeout.Token);
        var afterReset = await CountItemsAsync(dynamoDB, timeout.Token);

        // Assert
        Assert.True(seeded.Success, seeded.Message);
        Assert.Equal(before + 5, afterSeeding);
        Assert.True(imported.Success, imported.Message);
        Assert.Equal(afterSeeding + SampleFileRows(), afterImport);
        Assert.True(reset.Success, reset.Message);
        Assert.Equal(0, afterReset);
    }

    [Fact]
    public async Task SignInAsEditorShowsTheEditorsUserNameAndPassword()
    {
        // Arrange
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var password = await StaffSignIn.PasswordOfAsync(fixture.App, "editor", timeout.Token);

        // Act
        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync("auth", "sign-in-as-editor", timeout.Token);

        // Assert
        Assert.True(result.Success, result.Message);
        var shown = Assert.IsType<CommandResultData>(result.Data).Value;
        Assert.Contains("`editor`", shown, StringComparison.Ordinal);
        Assert.Contains($"`{password}`", shown, StringComparison.Ordinal);
        Assert.Contains(fixture.App.GetEndpoint("frontend", "http").ToString().TrimEnd('/'), shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDashboardLinksHaveFriendlyNames()
    {
        // Arrange
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var notifications = fixture.App.Services.GetRequiredService<ResourceNotificationService>();

        // Act
        async Task<string[]> LinksOf(string resource, string text) =>
            [.. (await notifications.WaitForResourceAsync(resource, e => e.Snapshot.Urls.Any(url => url.DisplayProperties.DisplayName == text), timeout.Token))
                .Snapshot.Urls.Where(url => url.DisplayProperties.DisplayName == text).Select(url => url.Url)];

        var app = await LinksOf("frontend", "Open app");
        var browse = await LinksOf("dynamodb-admin", "Browse data");
        var reference = await LinksOf("backend", "API reference");

        // Assert
        Assert.NotEmpty(app);
        Assert.NotEmpty(browse);
        Assert.All(reference, url => Assert.EndsWith("/scalar", url, StringComparison.Ordinal));
        using var http = fixture.CreateHttpClient("backend");
        using var page = await http.GetAsync(new Uri("/scalar", UriKind.Relative), timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task EveryResourceHasAnIconAndADescriptionAndTheTablesAreChildrenOfDynamoDB()
    {
        // Arrange
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var notifications = fixture.App.Services.GetRequiredService<ResourceNotificationService>();
        // What the dashboard lists: Aspire's own hidden helpers (a project's rebuilder) are not the system's.
        var shown = model.Resources.Where(r => !r.Annotations.OfType<HiddenAnnotation>().Any()).ToList();

        // Act
        var withoutIcon = shown.Where(r => !r.Annotations.OfType<ResourceIconAnnotation>().Any()).Select(r => r.Name);
        var withoutDescription = shown
            .Where(r => !r.Annotations.OfType<ResourceDescriptionAnnotation>().Any() || r is ParameterResource { Description: null or "" })
            .Select(r => r.Name);
        var parents = model.Resources.OfType<DynamoDBTableResource>()
            .Select(table => table.Annotations.OfType<ResourceRelationshipAnnotation>().Single(relation => relation.Type == "Parent").Resource.Name);
        var backend = await notifications.WaitForResourceAsync(
            "backend", e => e.Snapshot.Properties.Any(property => property.Name == ResourceDescriptions.PropertyName), timeout.Token);

        // Assert
        Assert.Empty(withoutIcon);
        Assert.Empty(withoutDescription);
        Assert.Equal(["dynamodb", "dynamodb"], parents);
        Assert.Contains(backend.Snapshot.Properties, property => property.Name == ResourceDescriptions.PropertyName && Equals(property.Value, "The identities API (minimal API): the only writer of identity records."));
    }

    private AmazonDynamoDBClient LocalClient()
    {
        var dynamodb = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<DynamoDBResource>().Single();
        return DynamoDBTableProvisioner.CreateLocalClient(dynamodb.EmulatorEndpoint!.Url);
    }

    private static int SampleFileRows() =>
        File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "samples", "data", "people.csv")).Skip(1).Count(line => line.Length > 0);

    private static Task<int> CountIdentitiesAsync(IAmazonDynamoDB client, CancellationToken cancellationToken) =>
        CountAsync(client, new ScanRequest
        {
            TableName = "identities",
            FilterExpression = "#entity = :identity",
            ExpressionAttributeNames = new() { ["#entity"] = "entity" },
            ExpressionAttributeValues = new() { [":identity"] = new AttributeValue { S = "identity" } },
        }, cancellationToken);

    private static Task<int> CountItemsAsync(IAmazonDynamoDB client, CancellationToken cancellationToken) =>
        CountAsync(client, new ScanRequest { TableName = "identities" }, cancellationToken);

    private static async Task<int> CountAsync(IAmazonDynamoDB client, ScanRequest request, CancellationToken cancellationToken)
    {
        request.Select = Select.COUNT;
        var count = 0;
        do
        {
            var page = await client.ScanAsync(request, cancellationToken);
            count += page.Count ?? 0;
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return count;
    }
}
