extern alias localauth;

using IdentityE2E.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityE2E.Tests.LocalAuth;

/// <summary>
/// The local sign-in provider in-process on a real loopback Kestrel, with made-up users and clients
/// and its own keys folder (a temporary one it deletes, unless the caller passes a folder to share).
/// </summary>
public sealed class LocalAuthFactory : WebApplicationFactory<localauth::Program>
{
    public const string Editor = "editor";
    public const string Viewer = "viewer";
    public const string WebClientId = "frontend";
    public const string MachineClientId = "automation";

    /// <summary>A machine client no service under test lists: its tokens are genuine, but not for them.</summary>
    public const string UnlistedClientId = "intruder";
    public const string ReadScope = "identities.read";
    public const string WriteScope = "identities.write";

    public static readonly Uri RedirectUri = new("http://localhost:5999/signin-oidc");
    public static readonly Uri PostLogoutRedirectUri = new("http://localhost:5999/signout-callback-oidc");

    /// <summary>
    /// Where the in-process frontends under test come back to: their public test host (over HTTPS as well, as
    /// behind CloudFront) and the test server's default.
    /// </summary>
    public static readonly string[] FrontendOrigins = ["http://identities.example.com", "https://identities.example.com", "http://localhost"];

    /// <summary>The path base of a frontend published as a second public service, besides the root.</summary>
    public const string SecondServicePathBase = "/second";

    private static readonly Lazy<LocalAuthFactory> SharedInstance = new(() => new LocalAuthFactory().Start());

    /// <summary>One started provider for the in-process frontend tests, so each does not start its own.</summary>
    public static LocalAuthFactory Shared => SharedInstance.Value;

    private readonly bool _ownsKeys;

    public LocalAuthFactory(string? keysPath = null, TimeSpan? accessTokenLifetime = null)
    {
        _ownsKeys = keysPath is null;
        KeysPath = keysPath ?? Path.Combine(Path.GetTempPath(), "local-auth-tests-" + Guid.NewGuid().ToString("N"));
        AccessTokenLifetime = accessTokenLifetime;
    }

    public string KeysPath { get; }

    /// <summary>The provider's private signing key (PKCS#8 PEM), for tests that must sign as the provider would.</summary>
    public string SigningKeyPath => Path.Combine(KeysPath, "signing.pem");

    public TimeSpan? AccessTokenLifetime { get; }

    public string EditorPassword { get; } = "editor-" + Guid.NewGuid().ToString("N");

    public string ViewerPassword { get; } = "viewer-" + Guid.NewGuid().ToString("N");

    public string WebClientSecret { get; } = "web-" + Guid.NewGuid().ToString("N");

    public string MachineClientSecret { get; } = "machine-" + Guid.NewGuid().ToString("N");

    public string UnlistedClientSecret { get; } = "unlisted-" + Guid.NewGuid().ToString("N");

    /// <summary>The provider's base URL on loopback, e.g. http://127.0.0.1:41234; set by <see cref="Start"/>.</summary>
    public Uri Authority { get; private set; } = null!;

    public LocalAuthFactory Start()
    {
        this.StartOnLoopbackKestrel();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Authority = new Uri(addresses.First());
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("LocalAuth:KeysPath", KeysPath);
        if (AccessTokenLifetime is { } lifetime)
        {
            builder.UseSetting("LocalAuth:AccessTokenLifetime", lifetime.ToString("c"));
        }

        builder.UseSetting("LocalAuth:Scopes:0", ReadScope);
        builder.UseSetting("LocalAuth:Scopes:1", WriteScope);
        builder.UseSetting($"LocalAuth:Users:{Editor}:Password", EditorPassword);
        builder.UseSetting($"LocalAuth:Users:{Editor}:Groups:0", "editors");
        builder.UseSetting($"LocalAuth:Users:{Viewer}:Password", ViewerPassword);
        builder.UseSetting($"LocalAuth:Users:{Viewer}:Groups:0", "viewers");

        var web = $"LocalAuth:Clients:{WebClientId}";
        builder.UseSetting($"{web}:Secret", WebClientSecret);
        builder.UseSetting($"{web}:Flow", "authorization_code");
        builder.UseSetting($"{web}:Scopes:0", "openid");
        builder.UseSetting($"{web}:Scopes:1", "profile");
        builder.UseSetting($"{web}:Scopes:2", ReadScope);
        builder.UseSetting($"{web}:Scopes:3", WriteScope);
        builder.UseSetting($"{web}:RedirectUris:0", RedirectUri.AbsoluteUri);
        builder.UseSetting($"{web}:PostLogoutRedirectUris:0", PostLogoutRedirectUri.AbsoluteUri);
        var frontends = FrontendOrigins.SelectMany(origin => new[] { origin, origin + SecondServicePathBase }).ToList();
        for (var i = 0; i < frontends.Count; i++)
        {
            builder.UseSetting($"{web}:RedirectUris:{i + 1}", $"{frontends[i]}/signin-oidc");
            builder.UseSetting($"{web}:PostLogoutRedirectUris:{i + 1}", $"{frontends[i]}/signout-callback-oidc");
        }

        var machine = $"LocalAuth:Clients:{MachineClientId}";
        builder.UseSetting($"{machine}:Secret", MachineClientSecret);
        builder.UseSetting($"{machine}:Flow", "client_credentials");
        builder.UseSetting($"{machine}:Scopes:0", ReadScope);
        builder.UseSetting($"{machine}:Scopes:1", WriteScope);

        var unlisted = $"LocalAuth:Clients:{UnlistedClientId}";
        builder.UseSetting($"{unlisted}:Secret", UnlistedClientSecret);
        builder.UseSetting($"{unlisted}:Flow", "client_credentials");
        builder.UseSetting($"{unlisted}:Scopes:0", ReadScope);
        builder.UseSetting($"{unlisted}:Scopes:1", WriteScope);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsKeys && Directory.Exists(KeysPath))
        {
            Directory.Delete(KeysPath, recursive: true);
        }
    }
}
