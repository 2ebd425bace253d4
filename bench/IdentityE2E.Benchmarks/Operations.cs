using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IdentityE2E.Identities;

namespace IdentityE2E.Benchmarks;

/// <summary>The operations measured, each as one call; <paramref name="Sequence"/> numbers the calls of a run.</summary>
internal delegate Task Operation(long sequence, CancellationToken cancellationToken);

/// <summary>One side of the comparison: the three operations as it performs them.</summary>
internal sealed record Side(string Name, Operation Get, Operation List, Operation Create)
{
    public Operation this[string operation] => operation switch
    {
        "get" => Get,
        "list" => List,
        "create" => Create,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}

/// <summary>
/// The floor: what the backend asks of DynamoDB for each operation, straight through the SDK (a consistent
/// GetItem, the first page of the by-created index, the create transaction), mapped to items as the backend maps them.
/// </summary>
internal static class DirectSide
{
    public static Side Create(IAmazonDynamoDB dynamoDB, IReadOnlyList<string> ids, string run) => new(
        "direct",
        async (sequence, cancellationToken) =>
        {
            var response = await dynamoDB.GetItemAsync(new GetItemRequest
            {
                TableName = DynamoDBLocalFloor.TableName,
                Key = new() { ["pk"] = new() { S = IdentityItem.PkOf(ids[(int)(sequence % ids.Count)]) } },
                ConsistentRead = true,
            }, cancellationToken);
            _ = IdentityItem.FromAttributes(response.Item);
        },
        async (_, cancellationToken) =>
        {
            var response = await dynamoDB.QueryAsync(new QueryRequest
            {
                TableName = DynamoDBLocalFloor.TableName,
                IndexName = "by-created",
                KeyConditionExpression = "#key = :key",
                ExpressionAttributeNames = new() { ["#key"] = "entity" },
                ExpressionAttributeValues = new() { [":key"] = new() { S = IdentityItem.EntityValue } },
                ScanIndexForward = false,
                Limit = IdentityValidation.DefaultPageSize,
            }, cancellationToken);
            GC.KeepAlive(response.Items.Select(IdentityItem.FromAttributes).ToList());
        },
        (sequence, cancellationToken) => dynamoDB.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = IdentityCreation.Writes(DynamoDBLocalFloor.TableName, NewItem($"direct-{run}-{sequence}")),
        }, cancellationToken));

    /// <summary>Writes <paramref name="count"/> identities for the reads to find; returns their ids.</summary>
    public static async Task<List<string>> SeedAsync(IAmazonDynamoDB dynamoDB, int count, CancellationToken cancellationToken)
    {
        var items = Enumerable.Range(0, count).Select(i => NewItem($"seed-{i}")).ToList();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (item, token) => await dynamoDB.TransactWriteItemsAsync(
                new TransactWriteItemsRequest { TransactItems = IdentityCreation.Writes(DynamoDBLocalFloor.TableName, item) }, token));
        return [.. items.Select(item => item.Id)];
    }

    private static IdentityItem NewItem(string emailLocalPart) => IdentityItem.New(
        Guid.CreateVersion7().ToString("N"),
        new IdentityFields("Bench", "Mark", $"{emailLocalPart}@example.com", new DateOnly(1980, 1, 1), IdentityStatus.Pending),
        DateTime.UtcNow,
        "benchmark");
}

/// <summary>The backend's API for the same operations, over HTTP with the automation client's token.</summary>
internal static class BackendSide
{
    public static HttpClient CreateClient(Uri backend, string accessToken)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
        })
        {
            BaseAddress = backend,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    public static Side Create(string name, HttpClient http, IReadOnlyList<string> ids, string run) => new(
        name,
        (sequence, cancellationToken) => SendAsync(http, new HttpRequestMessage(HttpMethod.Get, $"api/identities/{ids[(int)(sequence % ids.Count)]}"), cancellationToken),
        (_, cancellationToken) => SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "api/identities"), cancellationToken),
        (sequence, cancellationToken) => SendAsync(http, new HttpRequestMessage(HttpMethod.Post, "api/identities")
        {
            Content = JsonContent.Create(new
            {
                givenName = "Bench",
                familyName = "Mark",
                email = string.Create(CultureInfo.InvariantCulture, $"{name.Replace(' ', '-')}-{run}-{sequence}@example.com"),
                dateOfBirth = "1980-01-01",
            }),
        }, cancellationToken));

    private static async Task SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HttpRequestException(
                    $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}", null, response.StatusCode);
            }
        }
    }
}
