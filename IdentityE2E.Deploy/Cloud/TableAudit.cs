using Amazon.CDK;
using Amazon.CDK.AWS.CloudTrail;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// CloudTrail data events for the tables: who read or wrote which item, when, from where. With
/// <c>cloudTrailName</c> null the environment has its own trail, recording those data events only
/// (the account's management events belong in an account or organization trail), into an audit bucket
/// that is KMS-encrypted, TLS-only, versioned, log-file validated and kept after the stack. With a name
/// the environment makes no trail: an existing one (typically an organization trail, which only its
/// owner can change) gets the selector that <see cref="SelectorJson"/> spells out, and deploy prints it.
/// </summary>
internal sealed class TableAudit : Construct
{
    public const string SelectorName = "DynamoDB data events of IdentityE2E tables";

    /// <summary>How long the audit bucket keeps a log file; a superseded version goes after 30 days.</summary>
    public const int RetentionDays = 365;

    public TableAudit(Construct scope, string id, EnvironmentSettings settings, Naming naming, IReadOnlyList<string> tableArns) : base(scope, id)
    {
        SelectorJson =
            $$"""{"Name":"{{SelectorName}}","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]},{"Field":"resources.ARN","Equals":["{{string.Join("\",\"", tableArns)}}"]}]}""";
        if (!settings.UsesOwnTrail)
        {
            return;
        }

        var trailArn = $"arn:{Aws.PARTITION}:cloudtrail:{settings.Region}:{Aws.ACCOUNT_ID}:trail/{naming.AuditTrail}";
        var key = new Key(this, "Key", new KeyProps
        {
            Description = $"Encrypts the {settings.Name} audit trail of {Naming.Application} (DynamoDB data events).",
            EnableKeyRotation = true,
            // The log files outlive the stack, so the key that opens them does too.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        var fromThisTrail = new Dictionary<string, object> { ["aws:SourceArn"] = trailArn };
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudTrailEncryptsThisTrailsLogFiles",
            Principals = [new ServicePrincipal("cloudtrail.amazonaws.com")],
            Actions = ["kms:GenerateDataKey*"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = fromThisTrail,
                ["StringLike"] = new Dictionary<string, object> { ["kms:EncryptionContext:aws:cloudtrail:arn"] = $"arn:{Aws.PARTITION}:cloudtrail:*:{Aws.ACCOUNT_ID}:trail/*" },
            },
        }));
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudTrailDescribesTheKey",
            Principals = [new ServicePrincipal("cloudtrail.amazonaws.com")],
            Actions = ["kms:DescribeKey"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object> { ["StringEquals"] = fromThisTrail },
        }));

        // A deleted or overwritten log file stays recoverable as a version for 30 days; audit evidence outlives
        // the stack and expires by the lifecycle rule.
        Bucket = PrivateBucket.Create(this, "Bucket", key,
            new LifecycleRule { Expiration = Duration.Days(RetentionDays), NoncurrentVersionExpiration = Duration.Days(30) },
            RemovalPolicy.RETAIN);
        Nag.Acknowledge(Bucket, new NagRule("AwsSolutions-S1",
            "Only CloudTrail writes this bucket and its log files carry their own digest (log file validation); access logs of it would need a further bucket, and reads of it can be recorded by adding an S3 data event selector to a management trail."));
        Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudTrailChecksTheBucketAcl",
            Principals = [new ServicePrincipal("cloudtrail.amazonaws.com")],
            Actions = ["s3:GetBucketAcl"],
            Resources = [Bucket.BucketArn],
            Conditions = new Dictionary<string, object> { ["StringEquals"] = fromThisTrail },
        }));
        Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudTrailWritesThisTrailsLogFiles",
            Principals = [new ServicePrincipal("cloudtrail.amazonaws.com")],
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects($"AWSLogs/{Aws.ACCOUNT_ID}/*")],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = trailArn, ["s3:x-amz-acl"] = "bucket-owner-full-control" },
            },
        }));

        var trail = new CfnTrail(this, "Trail", new CfnTrailProps
        {
            TrailName = naming.AuditTrail,
            IsLogging = true,
            S3BucketName = Bucket.BucketName,
            KmsKeyId = key.KeyArn,
            EnableLogFileValidation = true,
            // The tables live in one region; global services' management events are the account trail's.
            IsMultiRegionTrail = false,
            IncludeGlobalServiceEvents = false,
            // Advanced selectors with no management category: the trail records these data events and nothing else.
            AdvancedEventSelectors = new object[] { Selector(tableArns) },
        });
        // CloudTrail checks at creation that it may write the bucket.
        trail.AddDependency((CfnResource)Bucket.Policy!.Node.DefaultChild!);
    }

    /// <summary>The selector as the CloudTrail API and CLI take it (<c>--advanced-event-selectors</c>).</summary>
    public string SelectorJson { get; }

    /// <summary>The environment's own audit bucket; null where an existing trail records the tables.</summary>
    public Bucket? Bucket { get; }

    private static CfnTrail.AdvancedEventSelectorProperty Selector(IReadOnlyList<string> tableArns) => new()
    {
        Name = SelectorName,
        FieldSelectors = new object[]
        {
            new CfnTrail.AdvancedFieldSelectorProperty { Field = "eventCategory", EqualTo = ["Data"] },
            new CfnTrail.AdvancedFieldSelectorProperty { Field = "resources.type", EqualTo = ["AWS::DynamoDB::Table"] },
            new CfnTrail.AdvancedFieldSelectorProperty { Field = "resources.ARN", EqualTo = [.. tableArns] },
        },
    };
}
