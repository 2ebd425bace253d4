using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The policies of the VPC endpoints: a resource perimeter. Whatever a task's role may do, through an endpoint it
/// reaches only resources of this account, so stolen task credentials or a compromised dependency cannot copy data
/// to another account's table or bucket over the endpoint. Each exception is an AWS-owned resource the platform
/// needs, with its reason next to it. Traffic that leaves through NAT (Secrets Manager, KMS, X-Ray, CloudWatch
/// metrics, Cognito) meets no endpoint and is bounded by the task roles alone.
/// </summary>
internal static class EndpointPolicies
{
    public const string OwnResourcesSid = "OnlyThisAccountsResources";

    public const string ImageLayersSid = "EcrImageLayersFromAwsOwnedBucket";

    public const string RegistryTokenSid = "EcrAuthorizationTokenForThisAccountsPrincipals";

    /// <summary>Every endpoint: any action a caller's own policy allows, on resources owned by this account only.</summary>
    public static void AdmitOnlyThisAccountsResources(VpcEndpoint endpoint) =>
        endpoint.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = OwnResourcesSid,
            Principals = [new AnyPrincipal()],
            Actions = ["*"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceAccount"] = Aws.ACCOUNT_ID },
            },
        }));

    /// <summary>
    /// The S3 gateway endpoint: ECR keeps image layers in a bucket that AWS owns, one per region, and Fargate fetches
    /// them through a presigned URL that ECR's account signed. Neither the bucket nor the signer is ours, so without
    /// this statement no task could pull its image. Only reading objects of that one bucket is admitted.
    /// https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
    /// </summary>
    public static void AdmitEcrImageLayers(VpcEndpoint s3) =>
        s3.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = ImageLayersSid,
            Principals = [new AnyPrincipal()],
            Actions = ["s3:GetObject"],
            Resources = [$"arn:{Aws.PARTITION}:s3:::prod-{Aws.REGION}-starport-layer-bucket/*"],
        }));

    /// <summary>
    /// The ECR API endpoint: ecr:GetAuthorizationToken names no resource (the token covers the caller's registry), so a
    /// resource-account condition has nothing to compare; it is admitted for this account's principals instead.
    /// </summary>
    public static void AdmitRegistryTokens(VpcEndpoint ecrApi) =>
        ecrApi.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = RegistryTokenSid,
            Principals = [new AnyPrincipal()],
            Actions = ["ecr:GetAuthorizationToken"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:PrincipalAccount"] = Aws.ACCOUNT_ID },
            },
        }));
}
