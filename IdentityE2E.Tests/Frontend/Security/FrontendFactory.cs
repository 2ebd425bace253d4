extern alias frontend;

using System.Net;
using System.Text;
using IdentityE2E.Frontend.Identities;
using IdentityE2E.Tests.Infrastructure;
using IdentityE2E.Tests.LocalAuth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.Frontend.Security;

/// <summary>
/// The frontend in-process as it is deployed (environment Production, forwarded headers believed as the
/// manifest's ASPNETCORE_FORWARDEDHEADERS_ENABLED says), with the backend replaced by canned answers and
/// any setting overridden through configuration only.
/// </summary>
public sealed class FrontendFactory(
    string environment = "Production",
    IReadOnlyDictionary<string, string?>? settings = null,
    Func<HttpRequestMessage, HttpResponseMessage>? backend = null,
    LocalAuthFactory? provider = null) : WebApplicationFactory<frontend::Program>
{
    /// <summary>The public name browsers use; not a loopback name, so HSTS applies to it.</summary>
    public const string PublicHost = "identities.example.com";

    public const string IdentityId = "0192f0c4a1b27c3d8e9f00112233aabb";

    /// <summary>An identity as the backend sends it.</summary>
    public const string IdentityJson = $$"""
        {"id":"{{IdentityId}}","givenName":"Ada","familyName":"Lovelace","email":"ada@example.com",
         "dateOfBirth":"1990-12-10","status":"pending","createdAt":"2026-01-02T03:04:05Z",
         "updatedAt":"2026-01-02T03:04:05Z","version":1}
        """;

    /// <summary>The identity provider the frontend signs people in with: the shared one unless a test brings its own.</summary>
    public LocalAuthFactory Provider { get; } = provider ?? LocalAuthFactory.Shared;

    /// <summary>Starts the frontend on a real Kestrel, so that its request limits behave as in production.</summary>
    public FrontendFactory StartOnKestrel()
    {
        this.StartOnLoopbackKestrel();
        return this;
    }

    /// <summary>A client that does not follow redirects and talks to <see cref="PublicHost"/> (in-memory server only).</summary>
    public HttpClient CreatePublicClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri($"http://{PublicHost}/"),
    });

    /// <summary>A client like <see cref="CreatePublicClient"/>, signed in as <paramref name="user"/> through the local provider.</summary>
    public async Task<HttpClient> CreateSignedInPublicClientAsync(string user = LocalAuthFactory.Editor)
    {
        var client = CreatePublicClient();
        var auth = Provider;
        using var providerClient = StaffSignIn.NewProviderClient();
        await StaffSignIn.SignInAsync(client, providerClient, user, user == LocalAuthFactory.Editor ? auth.EditorPassword : auth.ViewerPassword,
            TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>
    /// A browser's client for the public HTTPS address, under <paramref name="pathBase"/> as a second public
    /// service is: requests arrive as CloudFront and the load balancer deliver them (<see cref="ViaCloudFront"/>).
    /// Keeps cookies in <paramref name="cookies"/> as a browser would (Secure ones over HTTPS, each on its path),
    /// follows no redirects (in-memory server only).
    /// </summary>
    public HttpClient CreateViewerClient(string pathBase, CookieContainer cookies) =>
        CreateDefaultClient(new Uri($"https://{PublicHost}{pathBase}/"), new CookieContainerHandler(cookies), new ViaCloudFront());

    /// <summary>A client like <see cref="CreateViewerClient"/>, signed in as the editor through the local provider.</summary>
    public async Task<HttpClient> CreateSignedInViewerClientAsync(string pathBase, CookieContainer cookies)
    {
        var client = CreateViewerClient(pathBase, cookies);
        using var providerClient = StaffSignIn.NewProviderClient();
        await StaffSignIn.SignInAsync(client, providerClient, LocalAuthFactory.Editor, Provider.EditorPassword,
            TestContext.Current.CancellationToken, startPath: $"{pathBase}/");
        return client;
    }

    /// <summary>An anonymous client of the frontend started on Kestrel (<see cref="StartOnKestrel"/>) that follows no redirects.</summary>
    public HttpClient CreateKestrelClient()
    {
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>A backend that works: an empty list, the one identity, and creates and updates that succeed.</summary>
    public static HttpResponseMessage WorkingBackend(HttpRequestMessage request) =>
        (request.Method.Method, request.RequestUri!.AbsolutePath) switch
        {
            ("GET", "/api/identities") => Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}"""),
            ("POST", "/api/identities") => Json(HttpStatusCode.Created, IdentityJson),
            ("GET", $"/api/identities/{IdentityId}") => Json(HttpStatusCode.OK, IdentityJson),
            ("PUT", $"/api/identities/{IdentityId}") => Json(HttpStatusCode.OK, IdentityJson),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ForwardedHeaders_Enabled", "true");
        builder.UseSetting("services:backend:http:0", "http://backend.test");
        if (environment != "Development")
        {
            // What the publisher sets: the public name is the one host besides this machine's own.
            builder.UseSetting("AllowedHosts", PublicHost);
        }

        // Sign-in is real: the local provider, in-process on loopback, as the AppHost would wire it.
        var auth = Provider;
        builder.UseSetting("Auth:Authority", auth.Authority.AbsoluteUri);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Auth:GroupsClaim", "groups");
        builder.UseSetting("Auth:ClientId", LocalAuthFactory.WebClientId);
        builder.UseSetting("Auth:ClientSecret", auth.WebClientSecret);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        var answer = backend ?? WorkingBackend;
        builder.ConfigureTestServices(services => services
            .AddHttpClient<BackendClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new CannedAnswers(answer)));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
