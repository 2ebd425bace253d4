using System.Net;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Infrastructure;

namespace IdentityE2E.Tests.AppHost;

/// <summary>
/// The local system exposes nothing beyond this machine and its own tools: DynamoDB Local lets only the
/// local tools' pages read it in a browser, and the services answer to loopback names only.
/// </summary>
[Collection(SharedAppHost.Name)]
public sealed class LocalExposureTests(AppHostFixture fixture)
{
    [Fact(Timeout = 60_000)]
    public async Task DynamoDBLocalAdmitsCrossOriginCallsFromTheLocalToolsOnly()
    {
        // Arrange: a page on another site that tries to read the local data through the developer's browser.
        var admin = fixture.App.GetEndpoint("dynamodb-admin", "http");
        using var http = fixture.CreateHttpClient("dynamodb-local");

        // Act
        using var fromTool = await http.SendAsync(Preflight($"http://localhost:{admin.Port}"), TestContext.Current.CancellationToken);
        using var fromElsewhere = await http.SendAsync(Preflight("https://attacker.example"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([$"http://localhost:{admin.Port}"], fromTool.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.False(fromElsewhere.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact(Timeout = 60_000)]
    public async Task TheBackendRefusesAHostThatIsNotLoopback()
    {
        // Arrange
        using var http = fixture.CreateHttpClient("backend");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = "attacker.example";

        // Act
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-amz-target");
        return request;
    }
}
