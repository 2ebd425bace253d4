using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using IdentityE2E.Tests.Backend.Hostile;
using IdentityE2E.Tests.Frontend;
using IdentityE2E.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.Faults;

public sealed class FrontendReplicaTests
{
    [Fact]
    public async Task AFormRenderedByOneFrontendReplicaCanBePostedToTheOther()
    {
        // Arrange: two replicas, each reached directly rather than through the load-balancing proxy
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await AppHostFixture.StartAsync(["Frontend:Replicas=2"], cancellationToken);
        var replicas = await ReplicaUrlsAsync(app.Services.GetRequiredService<ResourceNotificationService>(), "frontend", 2, cancellationToken);
        await Task.WhenAll(replicas.Select(replica => WaitUntilAnsweringAsync(replica, cancellationToken)));
        var browserCookies = new CookieContainer();
        // Signed in through the frontend's one address, the one the provider knows: the session cookie is for
        // the host, so the browser sends it to both replicas, and both must read it (the shared key ring).
        using (var signIn = new FrontendSession(app.GetEndpoint("frontend", "http"), browserCookies))
        {
            await signIn.SignInAsync("editor", await StaffSignIn.PasswordOfAsync(app, "editor", cancellationToken), cancellationToken);
        }

        using var first = new FrontendSession(replicas[0], browserCookies);
        using var second = new FrontendSession(replicas[1], browserCookies);
        var html = await first.GetPageAsync("/identities/new", cancellationToken);
        var token = FrontendSession.InputValue(html, "__RequestVerificationToken");
        var email = $"replica.{Guid.NewGuid():N}@example.com";

        // Act: the second replica must unprotect the first one's antiforgery token
        using var posted = await second.PostAsync("/identities/new", "create-identity", token,
            [new("Model.GivenName", "Katherine"), new("Model.FamilyName", "Johnson"), new("Model.Email", email), new("Model.DateOfBirth", "1918-08-26")],
            cancellationToken);
        var list = await first.GetPageAsync("/", cancellationToken);
        using var dynamodb = DynamoDBTableProvisioner.CreateLocalClient(app.GetEndpoint("dynamodb-local", "http").ToString());
        var keys = await TableSnapshot.ScanAllAsync(dynamodb, "keyring", cancellationToken);

        // Assert
        Assert.NotEqual(replicas[0], replicas[1]);
        Assert.True(posted.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"the post to the other replica answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync(cancellationToken)}");
        Assert.Contains(email, list, StringComparison.Ordinal);
        // The ring lives in the table, not in a folder the two processes happen to share on this machine.
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains("<key id=", key["xml"].S, StringComparison.Ordinal));
    }

    /// <summary>
    /// DCP reports a replica Running once its process starts, and the resource healthy once any replica is;
    /// the other one may still be binding its port.
    /// </summary>
    private static async Task WaitUntilAnsweringAsync(Uri replica, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                return health.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return false;
            }
        }, cancellationToken);
    }

    /// <summary>Each replica's own address, read from the ASPNETCORE_URLS DCP gave it.</summary>
    private static async Task<Uri[]> ReplicaUrlsAsync(ResourceNotificationService notifications, string resource, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var urls = new Dictionary<string, Uri>();
        await foreach (var update in notifications.WatchAsync(timeout.Token))
        {
            var url = update.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
            if (update.Resource.Name == resource && update.Snapshot.State?.Text == KnownResourceStates.Running && url is not null)
            {
                urls[update.ResourceId] = new Uri(url.Split(';')[0]);
                if (urls.Count == count)
                {
                    break;
                }
            }
        }

        return [.. urls.Values];
    }
}
