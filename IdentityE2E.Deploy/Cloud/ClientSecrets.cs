using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.CustomResources;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Copies the secrets Cognito generated for app clients into Secrets Manager, where ECS injects them into
/// the tasks of the services that reference them. CloudFormation cannot read a client secret, so a
/// custom resource asks Cognito for it at deploy time; the secret is in no template and in no log.
/// </summary>
internal static class ClientSecrets
{
    public static IReadOnlyDictionary<string, ISecret> Store(Construct scope, UserPool pool, IReadOnlyDictionary<string, UserPoolClient> clients, IKey key, EnvironmentSettings settings)
    {
        if (clients.Count == 0)
        {
            return new Dictionary<string, ISecret>();
        }

        // The provider Lambda is one per stack; its logs are encrypted and expire like every other log.
        var logs = SdkCallProvider.Logs(scope, key, settings.LogRetentionDays);
        var secrets = clients.ToDictionary(entry => entry.Key, entry => (ISecret)Store(scope, pool, entry.Value, key, logs));
        SdkCallProvider.Acknowledge(scope);
        return secrets;
    }

    private static Secret Store(Construct scope, UserPool pool, UserPoolClient client, IKey key, Amazon.CDK.AWS.Logs.ILogGroup logs)
    {
        var name = ((CfnUserPoolClient)client.Node.DefaultChild!).ClientName!;
        var describe = new AwsSdkCall
        {
            Service = "CognitoIdentityServiceProvider",
            Action = "describeUserPoolClient",
            Parameters = new Dictionary<string, object> { ["UserPoolId"] = pool.UserPoolId, ["ClientId"] = client.UserPoolClientId },
            PhysicalResourceId = PhysicalResourceId.Of(client.UserPoolClientId),
            // Only the secret comes back, and the handler logs neither request nor response data.
            OutputPaths = ["UserPoolClient.ClientSecret"],
            Logging = Logging.WithDataHidden(),
        };
        var reader = new AwsCustomResource(scope, $"ClientSecretReader{name}", new AwsCustomResourceProps
        {
            ResourceType = "Custom::CognitoClientSecret",
            OnCreate = describe,
            OnUpdate = describe,
            Policy = AwsCustomResourcePolicy.FromSdkCalls(new SdkCallsPolicyOptions { Resources = [pool.UserPoolArn] }),
            InstallLatestAwsSdk = false,
            LogGroup = logs,
        });

        var secret = new Secret(scope, $"ClientSecret{name}", new SecretProps
        {
            Description = $"The Cognito app client secret of '{name}', copied from the user pool at deploy.",
            EncryptionKey = key,
            SecretStringValue = SecretValue.ResourceAttribute(reader.GetResponseField("UserPoolClient.ClientSecret")),
            // Cognito keeps the original; this copy goes with the stack.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Acknowledge(secret, new NagRule("AwsSolutions-SMG4", "The value is the Cognito app client's own secret, which only Cognito can change; a rotation Lambda could not, so rotating means a new client secret in Cognito and a redeploy."));
        return secret;
    }
}
