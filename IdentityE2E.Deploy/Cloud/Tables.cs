using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Constructs;
using IdentityE2E.Deploy.Manifest;
using DynamoAttribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The manifest's DynamoDB tables: on demand, encrypted with the customer-managed data key, point-in-time
/// recovery and deletion protection on, and retained when the stack is deleted or the table replaced.
/// </summary>
internal sealed class Tables : Construct
{
    /// <summary>The operations that also reach a table's indexes; every other one works on the table's items only.</summary>
    private const TableAccess IndexOperations = TableAccess.Query | TableAccess.Scan;

    /// <summary>
    /// The <c>purpose</c> in the encryption context that a data-protection key ring sends with every
    /// kms:Encrypt and kms:Decrypt (docs/contracts.md); the key grant holds the caller to it.
    /// </summary>
    public const string DataProtectionPurpose = "IdentityE2E.DataProtection";

    /// <summary>What a service that encrypts its data-protection keys with a table's key may do with it.</summary>
    public static readonly string[] DataProtectionActions = ["kms:Encrypt", "kms:Decrypt"];

    private readonly Dictionary<string, (Table Table, TableResource Model)> tables = new(StringComparer.Ordinal);
    private readonly IKey key;

    public Tables(Construct scope, string id, IEnumerable<TableResource> models, IKey key) : base(scope, id)
    {
        this.key = key;
        foreach (var model in models)
        {
            var table = new Table(this, model.Name, new TableProps
            {
                PartitionKey = Key(model.PartitionKey),
                SortKey = model.SortKey is null ? null : Key(model.SortKey),
                BillingMode = BillingMode.PAY_PER_REQUEST,
                Encryption = TableEncryption.CUSTOMER_MANAGED,
                EncryptionKey = key,
                PointInTimeRecovery = true,
                DeletionProtection = true,
                TimeToLiveAttribute = model.TimeToLiveAttribute,
                // Sets DeletionPolicy and UpdateReplacePolicy: neither destroy nor a replacing change loses data.
                RemovalPolicy = RemovalPolicy.RETAIN,
            });
            foreach (var index in model.GlobalSecondaryIndexes)
            {
                table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
                {
                    IndexName = index.Name,
                    PartitionKey = Key(index.PartitionKey),
                    SortKey = index.SortKey is null ? null : Key(index.SortKey),
                    ProjectionType = ProjectionType.ALL,
                });
            }

            tables[model.Name] = (table, model);
        }
    }

    /// <summary>Every table, for the backup plan.</summary>
    public IEnumerable<Table> All => tables.Values.Select(entry => entry.Table);

    /// <summary>The physical name (the table's Ref), which the manifest's tableName placeholder becomes.</summary>
    public string TableName(string name) => tables[name].Table.TableName;

    /// <summary>The ARN of the key that encrypts the table, which the manifest's encryptionKeyArn placeholder becomes.</summary>
    public string EncryptionKeyArn(string name) => tables[name].Table.EncryptionKey!.KeyArn;

    /// <summary>
    /// The IAM grant that a reference to a table's key becomes: the service encrypts and decrypts its
    /// data-protection key ring with it through the AWS SDK, and nothing else. The key also encrypts the
    /// tables and the app's secrets; those ciphertexts carry DynamoDB's and Secrets Manager's encryption
    /// context, never this purpose, so the condition keeps them out of reach. The key policy needs no
    /// statement: CDK's default policy delegates to the account's IAM policies, so this one is the grant.
    /// </summary>
    public void GrantDataProtection(IRole role, string name)
    {
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = $"DataProtectionWith{Sid(name)}Key",
            Actions = DataProtectionActions,
            Resources = [EncryptionKeyArn(name)],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["kms:EncryptionContext:purpose"] = DataProtectionPurpose },
            },
        }));
    }

    /// <summary>
    /// The IAM grant that a table reference in the manifest becomes: exactly the actions of the operations the
    /// service declared (docs/contracts.md), on this table by name; no wildcard reaches another table, and no
    /// action changes the table's definition.
    /// </summary>
    public void GrantItemAccess(IRole role, TableGrant grant)
    {
        var (table, model) = tables[grant.Table];
        var itemActions = TableOperations.Actions(grant.Access & ~TableAccess.Describe).ToArray();
        if (itemActions.Length > 0)
        {
            role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = $"Items{Sid(grant.Table)}",
                Actions = itemActions,
                Resources = [table.TableArn],
            }));
        }

        var indexActions = TableOperations.Actions(grant.Access & IndexOperations).ToArray();
        if (indexActions.Length > 0 && model.GlobalSecondaryIndexes.Count > 0)
        {
            role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
            {
                // Each index by name: a query of the history index is a read of the table's items.
                Sid = $"Indexes{Sid(grant.Table)}",
                Actions = indexActions,
                Resources = [.. model.GlobalSecondaryIndexes.Select(index => $"{table.TableArn}/index/{index.Name}")],
            }));
        }

        if (grant.Access.HasFlag(TableAccess.Describe))
        {
            role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
            {
                // The services' /health readiness check asks DescribeTable whether the table is ACTIVE.
                // It reads metadata only; no item and no change to the table's definition.
                Sid = $"Describe{Sid(grant.Table)}",
                Actions = ["dynamodb:DescribeTable"],
                Resources = [table.TableArn],
            }));
        }

        if (itemActions.Length == 0)
        {
            return;
        }

        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            // DynamoDB uses the key on the caller's behalf; the condition keeps the key usable only through it.
            Sid = $"DataKeyThroughDynamoDB{Sid(grant.Table)}",
            Actions = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
            Resources = [key.KeyArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"dynamodb.{Aws.REGION}.amazonaws.com" },
            },
        }));
    }

    private static DynamoAttribute Key(KeyAttribute key) => new()
    {
        Name = key.Name,
        Type = key.Type switch
        {
            "S" => AttributeType.STRING,
            "N" => AttributeType.NUMBER,
            _ => AttributeType.BINARY,
        },
    };

    private static string Sid(string name) => new([.. name.Where(char.IsAsciiLetterOrDigit)]);
}
