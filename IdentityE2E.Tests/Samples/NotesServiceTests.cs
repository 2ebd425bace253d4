using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace IdentityE2E.Tests.Samples;

/// <summary>The notes service (Flask, samples/notes) run by the sample AppHost without a container engine.</summary>
public sealed class NotesServiceTests(NotesAppHostFixture fixture) : IClassFixture<NotesAppHostFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANotePostedToTheNotesServiceIsStoredInItsTableAndReadBack()
    {
        // Arrange
        using var notes = fixture.CreateNotesClient();
        var text = $"Call the registrar about {Guid.NewGuid():N}";

        // Act
        using var created = await notes.PostAsJsonAsync("/notes", new { text }, Token);
        var location = created.Headers.Location;
        using var read = await notes.GetAsync(location, Token);

        // Assert: the answer, and the item in DynamoDB Local's table under the id the service gave it.
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var note = JsonNode.Parse(await read.Content.ReadAsStringAsync(Token))!;
        Assert.Equal(text, (string?)note["text"]);
        Assert.Equal($"/notes/{(string?)note["id"]}", location?.OriginalString);

        using var dynamodb = DynamoDBTableProvisioner.CreateLocalClient(fixture.App.GetEndpoint("dynamodb-local", "http").ToString());
        var stored = await dynamodb.GetItemAsync(new GetItemRequest
        {
            TableName = "notebook",
            Key = new() { ["pk"] = new AttributeValue { S = (string?)note["id"] } },
            ConsistentRead = true,
        }, Token);
        Assert.Equal(text, stored.Item["text"].S);
    }

    [Fact]
    public async Task ANoteThatDoesNotExistIsNotFound()
    {
        // Arrange
        using var notes = fixture.CreateNotesClient();

        // Act
        using var response = await notes.GetAsync($"/notes/{Guid.NewGuid():N}", Token);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnEmptyNoteIsRefusedWithTheFieldAtFault()
    {
        // Arrange
        using var notes = fixture.CreateNotesClient();

        // Act
        using var response = await notes.PostAsJsonAsync("/notes", new { text = "  " }, Token);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        Assert.NotNull(problem["errors"]?["text"]);
    }

    [Fact]
    public async Task TheNotesServiceReachesTheBackendThroughServiceDiscovery()
    {
        // Arrange
        using var notes = fixture.CreateNotesClient();
        var backend = fixture.App.GetEndpoint("backend", "http");

        // Act
        using var response = await notes.GetAsync("/backend/health", Token);

        // Assert: the address came from services__backend__http__0, and the backend answered it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        Assert.Equal(200, (int?)answer["status"]);
        Assert.Equal(backend.ToString().TrimEnd('/'), (string?)answer["backend"]);
    }
}
