using System.Net;

namespace IdentityE2E.Tests.Backend;

[Collection(SharedBackend.Name)]
public sealed class PagingTests(BackendFixture fixture)
{
    private const int Timeout = 60_000;
    private readonly HttpClient _client = fixture.Factory.CreateClient(Caller.Automation);

    [Fact(Timeout = Timeout)]
    public async Task ListingWithASmallLimitWalksEveryPageWithoutDuplicates()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await _client.CreateIdentityAsync(cancellationToken)).Id);
        }

        // Act
        var pages = await WalkAsync("limit=2", cancellationToken);

        // Assert
        Assert.All(pages, page => Assert.InRange(page.Items.Count, 0, 2));
        var seen = pages.SelectMany(page => page.Items).ToList();
        Assert.Equal(seen.Count, seen.Select(identity => identity.Id).Distinct().Count());
        Assert.All(mine, id => Assert.Contains(seen, identity => identity.Id == id));
        Assert.Equal(seen.OrderByDescending(identity => identity.CreatedAt).Select(identity => identity.Id), seen.Select(identity => identity.Id));
    }

    [Fact(Timeout = Timeout)]
    public async Task ListingWithoutALimitReturnsTheNewestFirst()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var older = await _client.CreateIdentityAsync(cancellationToken);
        var newer = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        var page = await _client.ListIdentitiesAsync("", cancellationToken);

        // Assert
        Assert.InRange(page.Items.Count, 2, 20);
        var ids = page.Items.Select(identity => identity.Id).ToList();
        Assert.True(ids.IndexOf(newer.Id) < ids.IndexOf(older.Id));
    }

    [Fact(Timeout = Timeout)]
    public async Task ListingByStatusReturnsOnlyIdentitiesWithThatStatus()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var verified = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var identity = await _client.CreateIdentityAsync(cancellationToken);
            using var update = await _client.PutIdentityAsync(identity.Id, IdentityRequests.Changes(identity, status: "verified"), "\"1\"", cancellationToken);
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            verified.Add(identity.Id);
        }

        var pending = await _client.CreateIdentityAsync(cancellationToken);

        // Act
        var seen = (await WalkAsync("status=verified&limit=2", cancellationToken)).SelectMany(page => page.Items).ToList();

        // Assert
        Assert.All(seen, identity => Assert.Equal("verified", identity.Status));
        Assert.All(verified, id => Assert.Single(seen, identity => identity.Id == id));
        Assert.DoesNotContain(seen, identity => identity.Id == pending.Id);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListingWithATamperedCursorReturnsAProblemNamingTheCursor()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateIdentityAsync(cancellationToken);
        await _client.CreateIdentityAsync(cancellationToken);
        var cursor = (await _client.ListIdentitiesAsync("limit=1", cancellationToken)).NextCursor;
        Assert.NotNull(cursor);
        var tampered = cursor[..5] + (cursor[5] == 'A' ? 'B' : 'A') + cursor[6..];

        // Act
        using var response = await _client.GetAsync($"{IdentityRequests.Path}?limit=1&cursor={Uri.EscapeDataString(tampered)}", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["cursor"], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
    }

    [Fact(Timeout = Timeout)]
    public async Task ACursorMadeForOneStatusIsRejectedForAnother()
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateIdentityAsync(cancellationToken);
        await _client.CreateIdentityAsync(cancellationToken);
        var cursor = (await _client.ListIdentitiesAsync("status=pending&limit=1", cancellationToken)).NextCursor;
        Assert.NotNull(cursor);

        // Act
        using var other = await _client.GetAsync($"{IdentityRequests.Path}?status=verified&cursor={Uri.EscapeDataString(cursor)}", cancellationToken);
        using var none = await _client.GetAsync($"{IdentityRequests.Path}?cursor={Uri.EscapeDataString(cursor)}", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(["cursor"], await IdentityRequests.ReadErrorFieldsAsync(other, cancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(["cursor"], await IdentityRequests.ReadErrorFieldsAsync(none, cancellationToken));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=1000000000000", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("status=Verified", "status")]
    [InlineData("status=deleted", "status")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task ListingWithAnInvalidParameterReturnsAProblemNamingIt(string query, string field)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        using var response = await _client.GetAsync($"{IdentityRequests.Path}?{query}", cancellationToken);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await IdentityRequests.ReadErrorFieldsAsync(response, cancellationToken));
    }

    private async Task<List<WirePage>> WalkAsync(string query, CancellationToken cancellationToken)
    {
        var pages = new List<WirePage>();
        string? cursor = null;
        do
        {
            var page = await _client.ListIdentitiesAsync(
                cursor is null ? query : $"{query}&cursor={Uri.EscapeDataString(cursor)}", cancellationToken);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 1000);

        Assert.Null(cursor);
        return pages;
    }
}
