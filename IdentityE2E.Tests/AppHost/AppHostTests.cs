using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.AppHost;

[Collection(SharedAppHost.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Fact]
    public void EveryResourceTurnsHealthy()
    {
        // Arrange / Act: the fixture starts the AppHost and waits for each resource to be healthy.
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();

        // Assert
        Assert.All(AppHostFixture.Resources, name => Assert.Contains(model.Resources, r => r.Name == name));
    }

    [Fact]
    public void OnlyTheFrontendHasExternalEndpoints()
    {
        // Arrange
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();

        // Act
        var external = model.Resources
            .SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Select(e => (Resource: r.Name, Endpoint: e)))
            .Where(x => x.Endpoint.IsExternal)
            .Select(x => x.Resource)
            .Distinct();

        // Assert
        Assert.Equal(["frontend"], external);
    }

    [Fact]
    public async Task TheBackendAnswersThroughItsHealthEndpoint()
    {
        // Arrange
        using var http = fixture.CreateHttpClient("backend");

        // Act
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void TheDashboardShowsTheLocalUsersAndWhereTheirPasswordsAre()
    {
        // Arrange
        var notifications = fixture.App.Services.GetRequiredService<ResourceNotificationService>();

        // Act
        Assert.True(notifications.TryGetCurrentState("auth", out var auth));

        // Assert
        var users = Assert.Single(auth.Snapshot.Properties, property => property.Name == "users");
        Assert.Equal("editor (editors, password: parameter editor-password), viewer (viewers, password: parameter viewer-password)", users.Value);
        Assert.Equal(KnownResourceStates.Running, auth.Snapshot.State?.Text);
    }
}
