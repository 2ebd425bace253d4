using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>The VPC endpoints' policies: this account's resources only, plus the AWS-owned ones the platform needs.</summary>
public sealed class EndpointPolicyTests(SynthesizedEnvironments environments)
{
    private static readonly JsonNode ThisAccountsResources = JsonNode.Parse("""{"StringEquals":{"aws:ResourceAccount":{"Ref":"AWS::AccountId"}}}""")!;

    /// <summary>Each endpoint's policy statements by Sid, keyed by the service's name suffix (dynamodb, s3, ecr.api, ecr.dkr, logs).</summary>
    private static Dictionary<string, Dictionary<string, JsonNode>> PoliciesByService(StackTemplate app) =>
        app.OfType("AWS::EC2::VPCEndpoint").ToDictionary(
            endpoint => ServiceSuffix(endpoint.Resource["Properties"]!["ServiceName"]!),
            endpoint => endpoint.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().ToDictionary(st => st!["Sid"]!.GetValue<string>(), st => st!));

    private static string ServiceSuffix(JsonNode serviceName) => serviceName is JsonValue value
        ? value.GetValue<string>().Split('.', 4)[3]
        : serviceName["Fn::Join"]![1]!.AsArray().Last()!.GetValue<string>().TrimStart('.');

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryEndpointAdmitsAnyActionOnlyOnThisAccountsResources()
    {
        // Arrange
        var app = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        var policies = PoliciesByService(app);

        // Assert
        Assert.Equal(["dynamodb", "ecr.api", "ecr.dkr", "logs", "s3"], policies.Keys.Order());
        Assert.All(policies.Values, statements =>
        {
            var own = statements[EndpointPolicies.OwnResourcesSid];
            Assert.Equal(("Allow", "*", "*"), (own["Effect"]!.GetValue<string>(), own["Action"]!.GetValue<string>(), own["Resource"]!.GetValue<string>()));
            Assert.True(JsonNode.DeepEquals(ThisAccountsResources, own["Condition"]), own["Condition"]!.ToJsonString());
            Assert.All(statements.Values, st => Assert.Equal("Allow", st["Effect"]!.GetValue<string>()));
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyTheS3AndEcrApiEndpointsHaveExceptionsAndEachIsNarrow()
    {
        // Arrange
        var app = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        var policies = PoliciesByService(app);

        // Assert: image layers live in ECR's own bucket, read through a URL ECR's account signed.
        Assert.Equal([EndpointPolicies.ImageLayersSid, EndpointPolicies.OwnResourcesSid], policies["s3"].Keys.Order());
        var layers = policies["s3"][EndpointPolicies.ImageLayersSid];
        Assert.Equal("s3:GetObject", layers["Action"]!.GetValue<string>());
        Assert.Equal("""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::prod-",{"Ref":"AWS::Region"},"-starport-layer-bucket/*"]]}""", layers["Resource"]!.ToJsonString());
        // The registry token names no resource, so it is bound to this account's callers instead.
        Assert.Equal([EndpointPolicies.RegistryTokenSid, EndpointPolicies.OwnResourcesSid], policies["ecr.api"].Keys.Order());
        var token = policies["ecr.api"][EndpointPolicies.RegistryTokenSid];
        Assert.Equal("ecr:GetAuthorizationToken", token["Action"]!.GetValue<string>());
        Assert.Equal("""{"StringEquals":{"aws:PrincipalAccount":{"Ref":"AWS::AccountId"}}}""", token["Condition"]!.ToJsonString());
        foreach (var service in new[] { "dynamodb", "ecr.dkr", "logs" })
        {
            Assert.Equal([EndpointPolicies.OwnResourcesSid], policies[service].Keys);
        }
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutInterfaceEndpointsAsInDevTheGatewayEndpointsKeepTheirPolicies()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var policies = PoliciesByService(app);

        // Assert
        Assert.Equal(["dynamodb", "s3"], policies.Keys.Order());
        Assert.Contains(EndpointPolicies.ImageLayersSid, policies["s3"].Keys);
        Assert.All(policies.Values, statements => Assert.Contains(EndpointPolicies.OwnResourcesSid, statements.Keys));
    }
}
