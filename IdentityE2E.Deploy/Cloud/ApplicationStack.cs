using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.ServiceDiscovery;
using Constructs;
using Secret = Amazon.CDK.AWS.SecretsManager.Secret;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Everything that runs the application, built from the cloud model alone: network, cluster, tables,
/// secrets, staff sign-in, one <see cref="AppService"/> per service (project or container), the edge for the public ones,
/// and one <see cref="AppJob"/> per job with the import bucket they read.
/// </summary>
internal sealed class ApplicationStack : Stack
{
    public const string ImageTagParameter = "ImageTag";

    public const string PublicUrlOutput = "PublicUrl";

    public const string UserPoolIdOutput = "UserPoolId";

    public const string DashboardUrlOutput = "DashboardUrl";

    /// <summary>The CloudTrail selector the owner of an existing trail adds (cloudTrailName set).</summary>
    public const string TableDataEventSelectorOutput = "TableDataEventSelector";

    /// <summary>What run-task needs for every job: the cluster, the private subnets (comma-separated); and upload-import the bucket.</summary>
    public const string ClusterNameOutput = "ClusterName";

    public const string TaskSubnetsOutput = "TaskSubnetIds";

    public const string ImportBucketOutput = "ImportBucketName";

    /// <summary>The output of a job's task definition ARN or security group id: <c>Job&lt;name&gt;TaskDefinitionArn</c>.</summary>
    public static string JobOutput(string job, string what) => $"Job{new string([.. job.Where(char.IsAsciiLetterOrDigit)])}{what}";

    public const string JobTaskDefinitionOutput = "TaskDefinitionArn";

    public const string JobSecurityGroupOutput = "SecurityGroupId";

    public const string JobLogGroupOutput = "LogGroupName";

    public ApplicationStack(Construct scope, Naming naming, CloudModel model, EnvironmentSettings settings, IStackProps props)
        : base(scope, naming.ApplicationStack, props)
    {
        var imageTag = new CfnParameter(this, ImageTagParameter, new CfnParameterProps
        {
            Type = "String",
            AllowedPattern = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
            Description = "The image tag every service runs: unique per build (the deploy command uses the git commit), never 'latest'.",
        });

        var dataKey = new Key(this, "DataKey", new KeyProps
        {
            Description = $"Encrypts the {settings.Name} tables and secrets of {Naming.Application}.",
            EnableKeyRotation = true,
            // The table is retained, so its key must outlive the stack too.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        var operationsKey = OperationsKey(settings);

        var network = new Network(this, "Network", settings, operationsKey);
        var cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            Vpc = network.Vpc,
            // Off where the environment saves its metrics (dev); the alarms and the dashboard need none of them.
            ContainerInsights = settings.ContainerInsights,
            // FARGATE and FARGATE_SPOT, which the services' capacity provider strategy names (spotTasks).
            EnableFargateCapacityProviders = settings.SpotTasks,
            DefaultCloudMapNamespace = new CloudMapNamespaceOptions { Name = naming.ServiceNamespace, Type = NamespaceType.HTTP, UseForServiceConnect = true },
        });
        if (!settings.ContainerInsights)
        {
            Nag.Acknowledge(cluster, new NagRule("AwsSolutions-ECS4",
                "Container Insights is off by the environment's containerInsights setting (dev, to save its metrics); every alarm watches ECS's and the load balancer's standard metrics, and the app's own metrics still arrive through the collector."));
        }

        var tables = new Tables(this, "Tables", model.Tables, dataKey);
        if (model.Tables.Count > 0)
        {
            _ = new Backups(this, "Backups", settings, naming, tables, dataKey);
        }

        // The edge comes before the services: its public URL is where sign-in redirects back to.
        var edge = model.PublicServices.Any() ? new Edge(this, "Edge", settings, network.Vpc, operationsKey) : null;
        var signIn = model.UserPool is null ? null : new SignIn(this, "SignIn", model, settings, edge?.PublicUrl, operationsKey);
        var secrets = model.Secrets.ToDictionary(secret => secret.Name, secret => (ISecret)ParameterSecret(secret, dataKey));
        foreach (var (name, secret) in signIn?.Secrets ?? new Dictionary<string, ISecret>())
        {
            secrets[name] = secret;
        }

        var publicHost = edge?.PublicUrl[(edge.PublicUrl.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var alerting = new Alerting(this, "Alerting", settings, operationsKey);
        var context = new ServiceContext(settings, naming, cluster, operationsKey, imageTag.ValueAsString, tables, secrets, signIn, publicHost, alerting, model.PublicPathBase);
        var services = model.Services.ToDictionary(
            service => service.Name,
            service => new AppService(this, service, context, isCalled: model.CallersOf(service.Name).Any()));

        foreach (var service in model.Services)
        {
            // Each called service admits exactly the security groups of the services that reference it.
            foreach (var caller in model.CallersOf(service.Name))
            {
                services[service.Name].AdmitCaller(services[caller.Name]);
            }

            foreach (var grant in service.TableGrants)
            {
                tables.GrantItemAccess(services[service.Name].TaskDefinition.TaskRole, grant);
            }

            foreach (var table in service.KeyReferences)
            {
                tables.GrantDataProtection(services[service.Name].TaskDefinition.TaskRole, table);
            }
        }

        if (edge is not null)
        {
            foreach (var service in model.PublicServices)
            {
                services[service.Name].Publish(edge, model.PublicPathBase(service.Name), settings.BlueGreenBakeMinutes);
            }

            _ = new CfnOutput(this, PublicUrlOutput, new CfnOutputProps { Value = edge.PublicUrl, Description = "Where the application answers." });
        }

        foreach (var service in services.Values)
        {
            service.AcknowledgeWildcards();
        }

        if (model.Jobs.Count > 0)
        {
            Jobs(model, context, tables, dataKey, network, cluster);
        }

        Operations(naming, settings, model, tables, alerting, services.Values);

        if (signIn is not null)
        {
            _ = new CfnOutput(this, UserPoolIdOutput, new CfnOutputProps { Value = signIn.Pool.UserPoolId, Description = "The staff user pool: administrators create accounts in it." });
        }

        foreach (var table in model.Tables)
        {
            _ = new CfnOutput(this, $"{table.Name.Replace("-", string.Empty, StringComparison.Ordinal)}TableName", new CfnOutputProps { Value = tables.TableName(table.Name) });
        }
    }

    /// <summary>
    /// One task definition per job with its own grants (tables by their access entry, the imports), the import bucket
    /// that only the jobs read, and the outputs run-task and upload-import read.
    /// </summary>
    private void Jobs(CloudModel model, ServiceContext context, Tables tables, IKey dataKey, Network network, Cluster cluster)
    {
        var imports = new ImportBucket(this, "Imports", dataKey);
        var jobs = model.Jobs.Select(job => new AppJob(this, job, context)).ToList();
        foreach (var job in jobs)
        {
            var role = job.TaskDefinition.TaskRole;
            foreach (var grant in job.Model.TableGrants)
            {
                tables.GrantItemAccess(role, grant);
            }

            foreach (var table in job.Model.KeyReferences)
            {
                tables.GrantDataProtection(role, table);
            }

            imports.GrantRead(role);
            job.Task.AcknowledgeWildcards(job.Model, (imports.ReadFinding, "A job reads whichever import file the operator uploaded and named on its command line; the grant covers only the imports/ prefix of this environment's import bucket."));
            _ = new CfnOutput(this, JobOutput(job.Model.Name, JobTaskDefinitionOutput), new CfnOutputProps { Value = job.TaskDefinition.TaskDefinitionArn, Description = $"The task definition run-task starts for the job {job.Model.Name}." });
            _ = new CfnOutput(this, JobOutput(job.Model.Name, JobLogGroupOutput), new CfnOutputProps { Value = job.Task.LogGroup.LogGroupName, Description = $"The log group run-task follows for the job {job.Model.Name}." });
            _ = new CfnOutput(this, JobOutput(job.Model.Name, JobSecurityGroupOutput), new CfnOutputProps { Value = job.SecurityGroup.SecurityGroupId, Description = $"The security group of the job {job.Model.Name}'s tasks." });
        }

        imports.RestrictReadsToJobs();
        _ = new CfnOutput(this, ClusterNameOutput, new CfnOutputProps { Value = cluster.ClusterName, Description = "The cluster run-task starts jobs in." });
        _ = new CfnOutput(this, TaskSubnetsOutput, new CfnOutputProps { Value = Fn.Join(",", network.Vpc.SelectSubnets(Network.TaskSubnets).SubnetIds), Description = "The private subnets jobs run in." });
        _ = new CfnOutput(this, ImportBucketOutput, new CfnOutputProps { Value = imports.Bucket.BucketName, Description = "Where upload-import puts files for the jobs." });
    }

    /// <summary>The tables' alarms, the dashboard of every alarm and the audit trail of the tables' data events.</summary>
    private void Operations(Naming naming, EnvironmentSettings settings, CloudModel model, Tables tables, Alerting alerting, IEnumerable<AppService> services)
    {
        var tableAlarmsScope = new Construct(this, "TableAlarms");
        var tableAlarms = model.Tables.Select(table => TableAlarms.Create(tableAlarmsScope, table.Name, tables.TableName(table.Name), alerting)).ToList();
        _ = OperationsDashboard.Create(this, naming, alerting, services, tableAlarms, tables.TableName);
        _ = new CfnOutput(this, DashboardUrlOutput, new CfnOutputProps
        {
            Value = OperationsDashboard.ConsoleUrl(settings.Region, naming.Dashboard),
            Description = "The CloudWatch dashboard of every alarm, service and table.",
        });

        if (model.Tables.Count > 0)
        {
            var audit = new TableAudit(this, "Audit", settings, naming, [.. tables.All.Select(table => table.TableArn)]);
            if (!settings.UsesOwnTrail)
            {
                _ = new CfnOutput(this, TableDataEventSelectorOutput, new CfnOutputProps
                {
                    Value = audit.SelectorJson,
                    Description = $"The advanced event selector that trail {settings.CloudTrailName} needs for the tables' data events.",
                });
            }
        }
    }

    /// <summary>Encrypts logs and the stack's own secrets; it goes with the stack, after a waiting period.</summary>
    private Key OperationsKey(EnvironmentSettings settings)
    {
        var key = new Key(this, "OperationsKey", new KeyProps
        {
            Description = $"Encrypts the {settings.Name} logs and operational secrets of {Naming.Application}.",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.DESTROY,
            PendingWindow = Duration.Days(7),
        });
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchLogsUsesTheKeyForThisAccountsLogGroups",
            Principals = [new ServicePrincipal($"logs.{Aws.REGION}.amazonaws.com")],
            Actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["ArnLike"] = new Dictionary<string, object>
                {
                    ["kms:EncryptionContext:aws:logs:arn"] = $"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:*",
                },
            },
        }));
        return key;
    }

    /// <summary>A secret <c>parameter.v0</c>: generated by Secrets Manager by the manifest's rules.</summary>
    private Secret ParameterSecret(SecretModel model, IKey key)
    {
        var secret = new Secret(this, $"{model.Name}Secret", new SecretProps
        {
            Description = $"The manifest parameter '{model.Name}', generated at first deploy.",
            EncryptionKey = key,
            GenerateSecretString = new SecretStringGenerator
            {
                // Never shorter than the manifest asks; never shorter than 32, a sound floor for keys.
                PasswordLength = Math.Max(model.Generate.MinLength, 32),
                ExcludeLowercase = !model.Generate.Lower,
                ExcludeUppercase = !model.Generate.Upper,
                ExcludeNumbers = !model.Generate.Numeric,
                ExcludePunctuation = !model.Generate.Special,
            },
            // Whatever the value protects (signatures, cursors, keys) may outlive a destroyed stack.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Nag.Acknowledge(secret, new NagRule("AwsSolutions-SMG4", "A generated app secret has no rotation Lambda: the app reads it at start, so rotating means replacing the secret and redeploying, which the runbook covers."));
        return secret;
    }
}
