using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// TLS between services through Service Connect, when the environment names an AWS Private CA. The
/// proxies encrypt task to task; the apps keep speaking http to their local proxy, so service URLs
/// stay http://name:8080. CDK 2.160 has no L2 property for it, hence the L1 override.
/// Cost: the CA itself, $50 a month in short-lived certificate mode or $400 in general-purpose mode.
/// </summary>
internal static class ServiceConnectTls
{
    public static void Enable(Construct scope, FargateService service, string authorityArn)
    {
        var role = new Role(scope, "ServiceConnectTlsRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs.amazonaws.com"),
            Description = "Lets ECS issue and rotate the Service Connect TLS certificates from the private CA.",
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("service-role/AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity")],
        });
        Nag.Acknowledge(role, new NagRule(
            "AwsSolutions-IAM4",
            "ECS maintains this managed policy for exactly this job (issuing Service Connect certificates from AWS Private CA); a copy would fall behind it.",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity"));

        var cfnService = (CfnService)service.Node.DefaultChild!;
        cfnService.AddPropertyOverride("ServiceConnectConfiguration.Services.0.Tls", new Dictionary<string, object>
        {
            ["IssuerCertificateAuthority"] = new Dictionary<string, object> { ["AwsPcaAuthorityArn"] = authorityArn },
            ["RoleArn"] = role.RoleArn,
        });
    }
}
