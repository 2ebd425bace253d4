using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdentityE2E.Tests.Backend;

/// <summary>
/// The backend, published as a public service after the first, keeps the edge contract through the
/// service defaults alone: its Program.cs says nothing of forwarded headers, CloudFront or path bases.
/// DynamoDB is never called here, so none runs.
/// </summary>
public sealed class EdgeContractTests : IAsyncDisposable
{
    private const int Timeout = 60_000;
    private const string PathBase = "/second";
    private const string PublicHost = "identities.example.com";

    private readonly BackendFactory _factory = new("http://127.0.0.1:9", "identities", LocalAuthFactory.Shared, new Dictionary<string, string?>
    {
        // What the publisher sets for a public service after the first (docs/contracts.md).
        ["ForwardedHeaders_Enabled"] = "true",
        [EdgeContract.ForwardLimitKey] = "2",
        [EdgeContract.TrustCloudFrontProtoKey] = "true",
        [EdgeContract.PathBaseKey] = PathBase,
        ["AllowedHosts"] = PublicHost,
    });

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact(Timeout = Timeout)]
    public async Task TheBackendSeesTheViewersSchemeAddressAndPathBase()
    {
        // Arrange: a viewer that forges an address; CloudFront appends the real one, the load balancer CloudFront's.
        using var client = _factory
            .WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, EdgeProbe>()))
            .CreateDefaultClient(new Uri($"https://{PublicHost}{PathBase}/"), new ViaCloudFront());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{PathBase}{EdgeProbe.Path}");
        request.Headers.Add("X-Forwarded-For", $"198.51.100.99, {ViaCloudFront.Viewer}, {ViaCloudFront.EdgeServer}");

        // Act
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var seen = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n');

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["https", PathBase, ViaCloudFront.Viewer], seen);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheApiDescriptionNamesTheViewersHttpsAddressUnderThePrefix()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = _factory.CreateDefaultClient(new Uri($"https://{PublicHost}{PathBase}/"), new ViaCloudFront());

        // Act
        using var response = await client.GetAsync($"{PathBase}/openapi/v1.json", cancellationToken);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        // Assert: a client generated from it calls the API where the edge routes it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"https://{PublicHost}{PathBase}", document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Theory(Timeout = Timeout)]
    [InlineData(PathBase + "/alive")]
    [InlineData("/alive")]
    public async Task LivenessAnswersUnderThePrefixAndAtTheRoot(string path)
    {
        // Arrange
        using var client = _factory.CreateClient();

        // Act
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
