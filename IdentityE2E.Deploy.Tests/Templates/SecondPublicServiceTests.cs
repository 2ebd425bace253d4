using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>
/// A second public service works as well as the first: the fixture publishes the frontend and a second
/// public project, <c>reports</c>, which the edge routes under <c>/reports</c> without stripping it.
/// </summary>
public sealed class SecondPublicServiceTests(SynthesizedEnvironments environments)
{
    private const string Second = "reports";

    private static readonly string[] PublicServices = ["frontend", Second];

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheFirstPublicServiceTakesEveryPathAndTheSecondItsOwnPrefix()
    {
        // Arrange
        var app = (await environments.TwoPublicServices(TestContext.Current.CancellationToken)).Application;

        // Act
        var rules = app.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Select(r => r.Resource["Properties"]!)
            .ToDictionary(
                rule => TargetServiceOf(rule["Actions"]![0]!),
                rule => (Priority: rule["Priority"]!.GetValue<int>(), Paths: rule["Conditions"]![0]!["PathPatternConfig"]!["Values"]!.AsArray().Select(v => v!.GetValue<string>()).ToList()));

        // Assert: the more specific prefix is evaluated first, the catch-all last.
        Assert.Equal(["frontend", Second], rules.Keys.Order());
        Assert.Equal(["/*"], rules["frontend"].Paths);
        Assert.Equal([$"/{Second}", $"/{Second}/*"], rules[Second].Paths);
        Assert.True(rules[Second].Priority < rules["frontend"].Priority, $"{rules[Second].Priority} < {rules["frontend"].Priority}");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryPublicServiceGetsTheEdgeContractAndOnlyThePrefixedOneAPathBase()
    {
        // Arrange
        var app = (await environments.TwoPublicServices(TestContext.Current.CancellationToken)).Application;

        // Act
        var frontend = StackTemplate.EnvironmentOf(app.AppContainer("frontend"));
        var second = StackTemplate.EnvironmentOf(app.AppContainer(Second));
        var backend = StackTemplate.EnvironmentOf(app.AppContainer("backend"));

        // Assert: the second project's manifest entry does not ask for forwarded headers; the publisher does.
        Assert.All(new[] { frontend, second }, environment => Assert.Equal(
            ("true", "2", "true"),
            (environment[EdgeContract.ForwardedHeadersEnabled], environment[EdgeContract.ForwardLimit], environment[EdgeContract.TrustCloudFrontProto])));
        Assert.DoesNotContain(EdgeContract.PathBase, frontend.Keys);
        Assert.Equal($"/{Second}", second[EdgeContract.PathBase]);
        Assert.DoesNotContain(EdgeContract.TrustCloudFrontProto, backend.Keys);
        Assert.DoesNotContain(EdgeContract.PathBase, backend.Keys);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EachTargetGroupChecksHealthWhereItsServiceAnswersViewers()
    {
        // Arrange
        var synthesized = await environments.TwoPublicServices(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act: blue/green's alternate groups copy the primary's check.
        var checks = app.OfType("AWS::ElasticLoadBalancingV2::TargetGroup")
            .Select(t => (Service: ServiceOfTargetGroup(t.LogicalId), Path: t.Resource["Properties"]!["HealthCheckPath"]!.GetValue<string>()))
            .ToList();

        // Assert: the prefix reaches the task unstripped, so the check proves the service honours it.
        Assert.Equal(PublicServices.Length * (synthesized.Settings.BlueGreenBakeMinutes is null ? 1 : 2), checks.Count);
        Assert.All(checks, c => Assert.Equal(c.Service == Second ? $"/{Second}/health" : "/health", c.Path));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheSecondServicesSignInComesBackUnderItsPrefix()
    {
        // Arrange
        var app = (await environments.TwoPublicServices(TestContext.Current.CancellationToken)).Application;

        // Act
        var callbacks = app.OfType("AWS::Cognito::UserPoolClient")
            .Select(c => c.Resource["Properties"]!)
            .Where(p => p["CallbackURLs"] is not null)
            .ToDictionary(p => p["ClientName"]!.GetValue<string>(), p => p["CallbackURLs"]!.ToJsonString());

        // Assert
        Assert.EndsWith("""},"/signin-oidc"]]}]""", callbacks["frontend"], StringComparison.Ordinal);
        Assert.EndsWith($$"""},"/{{Second}}/signin-oidc"]]}]""", callbacks[Second], StringComparison.Ordinal);
    }

    /// <summary>The service a listener rule forwards to.</summary>
    private static string TargetServiceOf(JsonNode action) =>
        ServiceOfTargetGroup((action["TargetGroupArn"] ?? action["ForwardConfig"]!["TargetGroups"]![0]!["TargetGroupArn"])!["Ref"]!.GetValue<string>());

    /// <summary>The service of a target group: Edge.Route's primary or blue/green's alternate.</summary>
    private static string ServiceOfTargetGroup(string logicalId) =>
        Assert.Single(PublicServices, service => logicalId.StartsWith($"Edge{service}Targets", StringComparison.Ordinal)
            || logicalId.StartsWith($"{service}AlternateTargets", StringComparison.Ordinal));
}
