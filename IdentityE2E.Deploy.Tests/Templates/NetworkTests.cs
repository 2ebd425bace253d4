using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class NetworkTests(SynthesizedEnvironments environments)
{
    internal static List<string> PrivateSubnets(StackTemplate stack) =>
        [.. stack.OfType("AWS::EC2::Subnet")
            .Where(s => s.Resource["Properties"]!["Tags"]!.AsArray().Any(t => t!["Key"]!.GetValue<string>() == "aws-cdk:subnet-type" && t["Value"]!.GetValue<string>() == "Private"))
            .Select(s => s.LogicalId)];

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheVpcSpansTwoAvailabilityZonesWithPrivateSubnetsForTasks()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var privateSubnets = PrivateSubnets(app);

        // Assert
        Assert.Equal(2, privateSubnets.Count);
        foreach (var zone in new[] { 0, 1 })
        {
            app.Template.HasResourceProperties("AWS::EC2::Subnet", Props.Of(
                ("MapPublicIpOnLaunch", false),
                ("AvailabilityZone", Props.Of(("Fn::Select", new object[] { zone, Props.Of(("Fn::GetAZs", string.Empty)) })))));
        }
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TasksRunInPrivateSubnetsWithoutPublicIps()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var subnets = PrivateSubnets(app).Select(id => (object)Props.Of(("Ref", id))).ToArray();

        // Assert
        app.Template.AllResourcesProperties("AWS::ECS::Service", Props.Of(("NetworkConfiguration", Props.Of(("AwsvpcConfiguration", Props.Of(
            ("AssignPublicIp", "DISABLED"),
            ("Subnets", subnets)))))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task InProdDynamoDBHasAGatewayEndpointAndEcrAndLogsHaveInterfaceEndpoints()
    {
        // Arrange
        var app = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        var interfaces = app.OfType("AWS::EC2::VPCEndpoint")
            .Where(e => e.Resource["Properties"]!["VpcEndpointType"]!.GetValue<string>() == "Interface")
            .Select(e => e.Resource["Properties"]!["ServiceName"]!.GetValue<string>());

        // Assert
        app.Template.HasResourceProperties("AWS::EC2::VPCEndpoint", Props.Of(
            ("VpcEndpointType", "Gateway"),
            ("ServiceName", Props.Of(("Fn::Join", new object[] { string.Empty, new object[] { "com.amazonaws.", Props.Of(("Ref", "AWS::Region")), ".dynamodb" } })))));
        Assert.Equal(["com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr", "com.amazonaws.us-east-1.logs"], interfaces.Order());
        app.Template.AllResourcesProperties("AWS::EC2::VPCEndpoint", Props.Of(("VpcId", Match.AnyValue())));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task DevHasNoInterfaceEndpointsSoEcrAndLogsGoThroughItsOneNatGateway()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var interfaces = app.OfType("AWS::EC2::VPCEndpoint").Count(e => e.Resource["Properties"]!["VpcEndpointType"]!.GetValue<string>() == "Interface");

        // Assert
        Assert.Equal(0, interfaces);
        app.Template.ResourceCountIs("AWS::EC2::NatGateway", 1);
        Assert.DoesNotContain(app.OfType("AWS::EC2::SecurityGroup"), g => g.LogicalId.StartsWith("NetworkEndpointSecurityGroup", StringComparison.Ordinal));
        app.Template.ResourcePropertiesCountIs("AWS::EC2::VPCEndpoint", Props.Of(("VpcEndpointType", "Gateway")), 2);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task VpcFlowLogsGoToAnEncryptedLogGroup()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var flowLog = Assert.Single(app.OfType("AWS::EC2::FlowLog")).Resource["Properties"]!;
        var logGroup = flowLog["LogGroupName"]!["Ref"]!.GetValue<string>();

        // Assert
        Assert.Equal(("VPC", "ALL", "cloud-watch-logs"), (flowLog["ResourceType"]!.GetValue<string>(), flowLog["TrafficType"]!.GetValue<string>(), flowLog["LogDestinationType"]!.GetValue<string>()));
        Assert.Equal("Fn::GetAtt", app.Resource(logGroup)["Properties"]!["KmsKeyId"]!.AsObject().Single().Key);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheDefaultSecurityGroupIsClosed()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var vpc = Assert.Single(app.OfType("AWS::EC2::VPC")).LogicalId;

        // Assert
        app.Template.HasResourceProperties("Custom::VpcRestrictDefaultSG", Props.Of(
            ("DefaultSecurityGroupId", Props.Of(("Fn::GetAtt", new object[] { vpc, "DefaultSecurityGroup" })))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AnInternalServiceAdmitsOnlyItsCallersOn8080()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var backend = app.LogicalIdOf("AWS::EC2::SecurityGroup", "backendSecurityGroup");
        var frontend = app.LogicalIdOf("AWS::EC2::SecurityGroup", "frontendSecurityGroup");

        // Act
        var ingress = app.OfType("AWS::EC2::SecurityGroupIngress")
            .Select(r => r.Resource["Properties"]!)
            .Where(p => p["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>() == backend)
            .ToList();

        // Assert
        var rule = Assert.Single(ingress);
        Assert.Equal(frontend, rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal((8080, 8080, "tcp"), (rule["FromPort"]!.GetValue<int>(), rule["ToPort"]!.GetValue<int>(), rule["IpProtocol"]!.GetValue<string>()));
        Assert.Null(app.Resource(backend)["Properties"]!["SecurityGroupIngress"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TaskSecurityGroupsSendOnlyHttpsAndCallsToTheirCallees()
    {
        // Arrange
        var app = (await environments.ThreeProjects(TestContext.Current.CancellationToken)).Application;
        var backend = app.LogicalIdOf("AWS::EC2::SecurityGroup", "backendSecurityGroup");
        var frontend = app.LogicalIdOf("AWS::EC2::SecurityGroup", "frontendSecurityGroup");
        var worker = app.LogicalIdOf("AWS::EC2::SecurityGroup", "workerSecurityGroup");

        // Act
        var taskGroups = app.OfType("AWS::ECS::Service")
            .SelectMany(s => s.Resource["Properties"]!["NetworkConfiguration"]!["AwsvpcConfiguration"]!["SecurityGroups"]!.AsArray())
            .Select(g => g!["Fn::GetAtt"]![0]!.GetValue<string>())
            .ToList();
        var separateEgress = app.OfType("AWS::EC2::SecurityGroupEgress").Select(r => r.Resource["Properties"]!).ToList();
        List<JsonNode> EgressOf(string group) =>
        [
            .. (app.Resource(group)["Properties"]!["SecurityGroupEgress"]?.AsArray() ?? []).Select(rule => rule!),
            .. separateEgress.Where(rule => rule["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>() == group),
        ];
        static bool Tcp(JsonNode rule, int port) =>
            rule["IpProtocol"]!.GetValue<string>() == "tcp" && rule["FromPort"]!.GetValue<int>() == port && rule["ToPort"]!.GetValue<int>() == port;

        // Assert
        Assert.Equal(3, taskGroups.Count);
        Assert.All(taskGroups, group =>
        {
            var egress = EgressOf(group);
            Assert.DoesNotContain(egress, rule => rule["IpProtocol"]!.GetValue<string>() == "-1");
            Assert.Contains(egress, rule => Tcp(rule, 443) && rule["CidrIp"]?.GetValue<string>() == "0.0.0.0/0");
            Assert.All(egress, rule => Assert.True(Tcp(rule, 443) || Tcp(rule, 8080), rule.ToJsonString()));
        });
        foreach (var caller in new[] { frontend, worker })
        {
            var toBackend = Assert.Single(EgressOf(caller), rule => rule["DestinationSecurityGroupId"] is not null);
            Assert.True(Tcp(toBackend, 8080));
            Assert.Equal(backend, toBackend["DestinationSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        }

        Assert.DoesNotContain(EgressOf(backend), rule => rule["DestinationSecurityGroupId"] is not null);
    }
}
