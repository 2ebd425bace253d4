using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// Where an operator uploads a file for a job (<c>upload-import</c>) and the job reads it (<c>run-task ... -- import s3://...</c>):
/// encrypted with the data key (an import holds the same data as the tables), private, TLS only, versioned, retained, and
/// emptied of imports after <see cref="ExpiryDays"/> days. Only the jobs' task roles may read objects from it.
/// </summary>
internal sealed class ImportBucket : Construct
{
    /// <summary>An import is needed for one run; a week leaves time to rerun it, and personal data does not linger.</summary>
    public const int ExpiryDays = 7;

    /// <summary>Where <c>upload-import</c> puts files, and the only prefix jobs may read.</summary>
    public const string Prefix = "imports/";

    private readonly List<IRole> readers = [];

    private readonly IKey dataKey;

    public ImportBucket(Construct scope, string id, IKey dataKey) : base(scope, id)
    {
        this.dataKey = dataKey;
        // An overwritten or deleted import stays recoverable for a day; retained like the tables it feeds, so a
        // destroyed stack does not take an import in progress with it.
        Bucket = PrivateBucket.Create(this, "Bucket", dataKey, new LifecycleRule
        {
            Expiration = Duration.Days(ExpiryDays),
            NoncurrentVersionExpiration = Duration.Days(1),
            AbortIncompleteMultipartUploadAfter = Duration.Days(1),
        }, RemovalPolicy.RETAIN);
        Nag.Acknowledge(Bucket, new NagRule("AwsSolutions-S1",
            "Only the jobs' task roles read this bucket and operators write it with their own IAM identities, so every access is an authenticated API call that a trail's S3 data event selector records with its principal; the edge's access-log bucket, as a log target itself, would lose its own exemption."));
    }

    public Bucket Bucket { get; }

    /// <summary>The IAM5 finding of <see cref="GrantRead"/>'s object ARN, as cdk-nag names it.</summary>
    public string ReadFinding => $"Resource::<{Stack.Of(this).GetLogicalId((CfnElement)Bucket.Node.DefaultChild!)}.Arn>/{Prefix}*";

    /// <summary>Lets a job's task role read imports: GetObject under <see cref="Prefix"/> and decrypt with the data key, nothing else.</summary>
    public void GrantRead(IRole role)
    {
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadImports",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects($"{Prefix}*")],
        }));
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DecryptImports",
            Actions = ["kms:Decrypt"],
            Resources = [dataKey.KeyArn],
            // Only for S3 objects: the role cannot use this statement to decrypt anything else encrypted with the data key.
            Conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"s3.{Aws.REGION}.amazonaws.com" } },
        }));
        readers.Add(role);
    }

    /// <summary>
    /// Denies reading objects to every principal except the jobs' task roles, so an identity policy with s3:* elsewhere in
    /// the account does not open the imports. Called once every job has been granted.
    /// </summary>
    public void RestrictReadsToJobs()
    {
        Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "OnlyJobsReadImports",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["s3:GetObject", "s3:GetObjectVersion"],
            Resources = [Bucket.ArnForObjects("*")],
            Conditions = new Dictionary<string, object>
            {
                ["ArnNotEquals"] = new Dictionary<string, object> { ["aws:PrincipalArn"] = readers.Select(role => role.RoleArn).ToArray() },
            },
        }));
    }
}
