using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class AuditTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutAnExistingTrailTheEnvironmentRecordsExactlyItsTablesDataEvents()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var tables = app.OfType("AWS::DynamoDB::Table").Select(t => t.LogicalId).Order().ToList();

        // Act
        var trail = Assert.Single(app.OfType("AWS::CloudTrail::Trail")).Resource["Properties"]!;

        // Assert
        Assert.True(trail["EnableLogFileValidation"]!.GetValue<bool>());
        Assert.True(trail["IsLogging"]!.GetValue<bool>());
        Assert.Null(trail["EventSelectors"]);
        var selector = Assert.Single(trail["AdvancedEventSelectors"]!.AsArray())!["FieldSelectors"]!.AsArray()
            .ToDictionary(f => f!["Field"]!.GetValue<string>(), f => f!["Equals"]!.AsArray());
        Assert.Equal(["eventCategory", "resources.ARN", "resources.type"], selector.Keys.Order());
        Assert.Equal("Data", Assert.Single(selector["eventCategory"])!.GetValue<string>());
        Assert.Equal("AWS::DynamoDB::Table", Assert.Single(selector["resources.type"])!.GetValue<string>());
        Assert.Equal(tables, selector["resources.ARN"].Select(arn => arn!["Fn::GetAtt"]![0]!.GetValue<string>()).Order());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheAuditBucketIsEncryptedWithARetainedKeyTlsOnlyVersionedAndKept()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var trail = Assert.Single(app.OfType("AWS::CloudTrail::Trail")).Resource["Properties"]!;

        // Act
        var bucketId = trail["S3BucketName"]!["Ref"]!.GetValue<string>();
        var bucket = app.Resource(bucketId);
        var key = app.Resource(trail["KMSKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        var policy = app.OfType("AWS::S3::BucketPolicy").Single(p => p.Resource["Properties"]!["Bucket"]!["Ref"]!.GetValue<string>() == bucketId).Resource;

        // Assert
        var encryption = bucket["Properties"]!["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!;
        Assert.Equal("aws:kms", encryption["SSEAlgorithm"]!.GetValue<string>());
        Assert.Equal("Enabled", bucket["Properties"]!["VersioningConfiguration"]!["Status"]!.GetValue<string>());
        Assert.Equal(("Retain", "Retain"), (bucket["DeletionPolicy"]!.GetValue<string>(), key["DeletionPolicy"]!.GetValue<string>()));
        Assert.True(key["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        Assert.Contains(policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray(),
            s => s!["Effect"]!.GetValue<string>() == "Deny" && s["Condition"]?["Bool"]?["aws:SecureTransport"]?.GetValue<string>() == "false");
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task CloudTrailMayWriteAndEncryptOnlyForThisTrail()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var trail = Assert.Single(app.OfType("AWS::CloudTrail::Trail")).Resource["Properties"]!;
        var bucketId = trail["S3BucketName"]!["Ref"]!.GetValue<string>();

        // Act
        var bucketStatements = app.OfType("AWS::S3::BucketPolicy").Single(p => p.Resource["Properties"]!["Bucket"]!["Ref"]!.GetValue<string>() == bucketId)
            .Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Where(s => s!["Principal"]?["Service"]?.ToJsonString() == "\"cloudtrail.amazonaws.com\"").ToList();
        var keyStatements = app.Resource(trail["KMSKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>())["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray()
            .Where(s => s!["Principal"]?["Service"]?.ToJsonString() == "\"cloudtrail.amazonaws.com\"").ToList();

        // Assert
        Assert.Equal(["s3:GetBucketAcl", "s3:PutObject"], bucketStatements.Select(s => s!["Action"]!.GetValue<string>()).Order());
        Assert.Equal(2, keyStatements.Count);
        Assert.All(bucketStatements.Concat(keyStatements), s =>
            Assert.EndsWith($":trail/identitye2e-dev-tables", s!["Condition"]!["StringEquals"]!["aws:SourceArn"]!.ToJsonString().TrimEnd('"', ']', '}'), StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithAnExistingTrailNoTrailIsMadeAndTheSelectorItNeedsIsAStackOutput()
    {
        // Arrange
        var app = (await environments.Alternatives(TestContext.Current.CancellationToken)).Application;
        var tables = app.OfType("AWS::DynamoDB::Table").Select(t => t.LogicalId).ToList();

        // Act: the output is a Fn::Join of the JSON text around the tables' ARNs.
        var parts = app.Json["Outputs"]![ApplicationStack.TableDataEventSelectorOutput]!["Value"]!["Fn::Join"]![1]!.AsArray();
        var selector = string.Concat(parts.Select(part => part is JsonValue text ? text.GetValue<string>() : $"<{part!["Fn::GetAtt"]![0]!.GetValue<string>()}>"));

        // Assert
        Assert.Empty(app.OfType("AWS::CloudTrail::Trail"));
        var fields = JsonNode.Parse(selector)!["FieldSelectors"]!.AsArray().ToDictionary(f => f!["Field"]!.GetValue<string>(), f => f!["Equals"]!.AsArray().Select(v => v!.GetValue<string>()).ToList());
        Assert.Equal(["Data"], fields["eventCategory"]);
        Assert.Equal(["AWS::DynamoDB::Table"], fields["resources.type"]);
        Assert.Equal(tables.Select(table => $"<{table}>").Order(), fields["resources.ARN"].Order());
    }
}
