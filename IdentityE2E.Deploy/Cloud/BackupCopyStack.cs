using Amazon.CDK;
using Amazon.CDK.AWS.Backup;
using Amazon.CDK.AWS.KMS;
using Constructs;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The vault in the backup copy region (setting backupCopyRegion) that receives a copy of every recovery point,
/// so the backups survive the loss of the environment's region. Deployed before the application stack, whose
/// backup plan copies into it; it stays when the application stack is destroyed, like the registry.
/// </summary>
internal sealed class BackupCopyStack : Stack
{
    public BackupCopyStack(Construct scope, Naming naming, IStackProps props)
        : base(scope, naming.BackupCopyStack, props)
    {
        // A key of the copy region: a KMS key never leaves its region, so the copies cannot use the data key.
        var key = new Key(this, "CopyKey", new KeyProps
        {
            Description = $"Encrypts the {naming.Environment} backup copies of {Naming.Application}.",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        var vault = new BackupVault(this, "CopyVault", new BackupVaultProps
        {
            BackupVaultName = naming.BackupCopyVault,
            EncryptionKey = key,
            // The copies are the data's last resort when the environment's region is gone.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        _ = new CfnOutput(this, "CopyVaultArn", new CfnOutputProps { Value = vault.BackupVaultArn });
    }

    /// <summary>The copy vault's ARN, known without a reference across regions because its name is fixed.</summary>
    public static string VaultArn(Naming naming, string copyRegion) =>
        $"arn:{Aws.PARTITION}:backup:{copyRegion}:{Aws.ACCOUNT_ID}:backup-vault:{naming.BackupCopyVault}";
}
