using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>A job (issue 10): the migration project marked as a task, in the jobs fixture.</summary>
public sealed class JobTests(SynthesizedEnvironments environments)
{
    private const string Job = "migration";

    private static IEnumerable<JsonObject> Statements(StackTemplate app, string rolePrefix) =>
        app.OfType("AWS::IAM::Policy")
            .Where(policy => policy.Resource["Properties"]!["Roles"]!.AsArray().Any(role => ((string?)role!["Ref"])?.StartsWith(rolePrefix, StringComparison.Ordinal) == true))
            .SelectMany(policy => policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(statement => statement!.AsObject()));

    private static IEnumerable<string> Actions(JsonObject statement) =>
        statement["Action"] is JsonArray actions ? actions.Select(action => (string)action!) : [(string)statement["Action"]!];

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AJobIsATaskDefinitionWithoutAServiceRouteOrScaling()
    {
        // Arrange
        var synthesized = await environments.Jobs(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var jobTask = app.LogicalIdOf("AWS::ECS::TaskDefinition", $"{Job}Task");
        var servicesOfTheJob = app.OfType("AWS::ECS::Service").Where(service => service.Resource["Properties"]!["TaskDefinition"]!.ToJsonString().Contains(jobTask, StringComparison.Ordinal));

        // Assert
        Assert.Equal(["backend", "frontend"], synthesized.Model.Services.Select(service => service.Name));
        Assert.Equal(Job, Assert.Single(synthesized.Model.Jobs).Name);
        Assert.Equal(synthesized.Model.Services.Count, app.OfType("AWS::ECS::Service").Count);
        Assert.Empty(servicesOfTheJob);
        Assert.DoesNotContain(app.OfType("AWS::ApplicationAutoScaling::ScalableTarget"), target => target.LogicalId.StartsWith(Job, StringComparison.Ordinal));
        Assert.DoesNotContain(app.OfType("AWS::ElasticLoadBalancingV2::TargetGroup"), group => group.LogicalId.Contains(Job, StringComparison.Ordinal));
        Assert.DoesNotContain(app.OfType("AWS::CloudWatch::Alarm"), alarm => alarm.LogicalId.StartsWith(Job, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AJobRunsAsHardenedAsAServiceWithoutPortOrHealthCheck()
    {
        // Arrange
        var app = (await environments.Jobs(TestContext.Current.CancellationToken)).Application;

        // Act
        var container = app.AppContainer(Job);
        var containers = app.Containers().Where(c => c.Task.StartsWith($"{Job}Task", StringComparison.Ordinal)).Select(c => c.Container).ToList();
        var environment = StackTemplate.EnvironmentOf(container);

        // Assert
        Assert.Equal("1654", (string?)container["User"]);
        Assert.True((bool)container["ReadonlyRootFilesystem"]!);
        Assert.True((bool)container["LinuxParameters"]!["InitProcessEnabled"]!);
        Assert.Equal("""["ALL"]""", container["LinuxParameters"]!["Capabilities"]!["Drop"]!.ToJsonString());
        Assert.Equal("/tmp", (string?)container["MountPoints"]![0]!["ContainerPath"]);
        Assert.Null(container["PortMappings"]);
        Assert.Null(container["HealthCheck"]);
        Assert.Equal([AppService.AppContainer, Telemetry.CollectorContainer, AppService.PrepareTmpContainer], containers.Select(c => (string)c["Name"]!).Order(StringComparer.Ordinal));
        Assert.Equal("/tmp", environment["HOME"]);
        Assert.False(environment.ContainsKey("HTTP_PORTS"));
        Assert.False(environment.ContainsKey("AllowedHosts"));
        Assert.Contains("identitye2e-dev/migration", container["Image"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AJobsTaskRoleHoldsItsTableAccessAndImportReadsAndNothingMore()
    {
        // Arrange
        var app = (await environments.Jobs(TestContext.Current.CancellationToken)).Application;

        // Act
        var statements = Statements(app, $"{Job}TaskTaskRole").ToDictionary(statement => (string)statement["Sid"]!, Actions);

        // Assert: the access entry's get, put, conditionCheck, describe and query; the imports; telemetry.
        Assert.Equal(
            ["DataKeyThroughDynamoDBidentities", "DecryptImports", "Describeidentities", "Indexesidentities", "Itemsidentities", "ReadImports", "SendMetricsToOwnLogGroup", "SendTracesToXRay"],
            statements.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], statements["Itemsidentities"]);
        Assert.Equal(["dynamodb:Query"], statements["Indexesidentities"]);
        Assert.Equal(["dynamodb:DescribeTable"], statements["Describeidentities"]);
        Assert.Equal(["s3:GetObject"], statements["ReadImports"]);
        Assert.Equal(["kms:Decrypt"], statements["DecryptImports"]);
        Assert.DoesNotContain(statements.Values.SelectMany(actions => actions), action => action is "dynamodb:DeleteItem" or "dynamodb:UpdateItem" or "dynamodb:Scan" or "s3:PutObject");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AJobHasItsOwnLogGroupAndASecurityGroupThatOnlyLetsHttpsOut()
    {
        // Arrange
        var app = (await environments.Jobs(TestContext.Current.CancellationToken)).Application;

        // Act
        var logGroup = app.LogicalIdOf("AWS::Logs::LogGroup", $"{Job}Logs");
        var securityGroup = app.Resource(app.LogicalIdOf("AWS::EC2::SecurityGroup", $"{Job}SecurityGroup"))["Properties"]!;
        var ingress = app.OfType("AWS::EC2::SecurityGroupIngress").Where(rule => rule.Resource["Properties"]!["GroupId"]!.ToJsonString().Contains($"{Job}SecurityGroup", StringComparison.Ordinal));

        // Assert
        Assert.Contains(logGroup, app.AppContainer(Job)["LogConfiguration"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(app.Resource(logGroup)["Properties"]!["KmsKeyId"]);
        var egress = Assert.Single(securityGroup["SecurityGroupEgress"]!.AsArray())!;
        Assert.Equal(443, (int)egress["FromPort"]!);
        Assert.Equal(443, (int)egress["ToPort"]!);
        Assert.Null(securityGroup["SecurityGroupIngress"]);
        Assert.Empty(ingress);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheImportBucketIsEncryptedPrivateTlsOnlyVersionedRetainedAndExpiresImports()
    {
        // Arrange
        var app = (await environments.Jobs(TestContext.Current.CancellationToken)).Application;

        // Act
        var id = app.LogicalIdOf("AWS::S3::Bucket", "ImportsBucket");
        var bucket = app.Resource(id);
        var properties = bucket["Properties"]!;
        var policy = app.OfType("AWS::S3::BucketPolicy").Single(p => p.Resource["Properties"]!["Bucket"]!.ToJsonString().Contains(id, StringComparison.Ordinal)).Resource;
        var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();

        // Assert
        Assert.Equal("Retain", (string?)bucket["DeletionPolicy"]);
        var encryption = properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!;
        Assert.Equal("aws:kms", (string?)encryption["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]);
        Assert.Contains("DataKey", encryption["ServerSideEncryptionByDefault"]!["KMSMasterKeyID"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True((bool)properties["PublicAccessBlockConfiguration"]!["BlockPublicAcls"]!);
        Assert.True((bool)properties["PublicAccessBlockConfiguration"]!["BlockPublicPolicy"]!);
        Assert.True((bool)properties["PublicAccessBlockConfiguration"]!["IgnorePublicAcls"]!);
        Assert.True((bool)properties["PublicAccessBlockConfiguration"]!["RestrictPublicBuckets"]!);
        Assert.Equal("BucketOwnerEnforced", (string?)properties["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]);
        Assert.Equal("Enabled", (string?)properties["VersioningConfiguration"]!["Status"]);
        Assert.Equal(ImportBucket.ExpiryDays, (int)properties["LifecycleConfiguration"]!["Rules"]![0]!["ExpirationInDays"]!);
        Assert.Contains(statements, s => s["Condition"]?["Bool"]?["aws:SecureTransport"]?.GetValue<string>() == "false" && (string?)s["Effect"] == "Deny");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task OnlyTheJobsTaskRolesMayReadImports()
    {
        // Arrange
        var app = (await environments.Jobs(TestContext.Current.CancellationToken)).Application;

        // Act
        var statement = app.OfType("AWS::S3::BucketPolicy")
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Single(s => (string?)s!["Sid"] == "OnlyJobsReadImports")!;

        // Assert
        Assert.Equal("Deny", (string?)statement["Effect"]);
        Assert.Equal(["s3:GetObject", "s3:GetObjectVersion"], statement["Action"]!.AsArray().Select(a => (string)a!));
        var readers = statement["Condition"]!["ArnNotEquals"]!["aws:PrincipalArn"]!.AsArray();
        Assert.Contains($"{Job}TaskTaskRole", Assert.Single(readers)!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheStackOutputsWhatRunTaskAndUploadImportNeed()
    {
        // Arrange
        var app = (await environments.Jobs(TestContext.Current.CancellationToken)).Application;

        // Act
        var outputs = app.Json["Outputs"]!.AsObject();

        // Assert
        Assert.Contains(app.LogicalIdOf("AWS::ECS::TaskDefinition", $"{Job}Task"), outputs[ApplicationStack.JobOutput(Job, ApplicationStack.JobTaskDefinitionOutput)]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains($"{Job}SecurityGroup", outputs[ApplicationStack.JobOutput(Job, ApplicationStack.JobSecurityGroupOutput)]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Cluster", outputs[ApplicationStack.ClusterNameOutput]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("PrivateSubnet", outputs[ApplicationStack.TaskSubnetsOutput]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("ImportsBucket", outputs[ApplicationStack.ImportBucketOutput]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task AnEnvironmentWithoutJobsHasNoImportBucket()
    {
        // Arrange
        var app = (await environments.ThreeProjects(TestContext.Current.CancellationToken)).Application;

        // Act
        var outputs = app.Json["Outputs"]!.AsObject();

        // Assert
        Assert.DoesNotContain(app.OfType("AWS::S3::Bucket"), bucket => bucket.LogicalId.StartsWith("ImportsBucket", StringComparison.Ordinal));
        Assert.False(outputs.ContainsKey(ApplicationStack.ImportBucketOutput));
    }
}
