using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The one shape of a bucket that keeps data of ours: KMS-encrypted with a bucket key, TLS 1.2 only, no
/// public access, owned by this account, versioned so an overwritten or deleted object stays recoverable
/// until its lifecycle rule removes it.
/// </summary>
internal static class PrivateBucket
{
    public static Bucket Create(Construct scope, string id, IKey key, LifecycleRule lifecycle, RemovalPolicy removalPolicy) =>
        new(scope, id, new BucketProps
        {
            Encryption = BucketEncryption.KMS,
            EncryptionKey = key,
            BucketKeyEnabled = true,
            EnforceSSL = true,
            MinimumTLSVersion = 1.2,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            Versioned = true,
            LifecycleRules = [lifecycle],
            RemovalPolicy = removalPolicy,
        });
}
