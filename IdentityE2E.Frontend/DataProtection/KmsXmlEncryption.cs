using System.Xml.Linq;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace IdentityE2E.Frontend.DataProtection;

/// <summary>
/// Encrypts each data-protection key with AWS KMS before it is stored, so the key ring in DynamoDB is useless to
/// anyone who can read the table but may not use the key. The encryption context names the purpose; the task
/// role may use the key for this purpose only.
/// </summary>
internal sealed class KmsXmlEncryptor(IAmazonKeyManagementService kms, string keyId, string applicationName) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        using var plaintext = new MemoryStream();
        plaintextElement.Save(plaintext, SaveOptions.DisableFormatting);
        plaintext.Position = 0;
        // IXmlEncryptor is synchronous; it runs once per new key (every 90 days per ring), never per request.
        var response = kms.EncryptAsync(new EncryptRequest
        {
            KeyId = keyId,
            Plaintext = plaintext,
            EncryptionContext = KmsEncryptionContext.For(applicationName),
        }).GetAwaiter().GetResult();
        var element = new XElement("encryptedKey",
            new XComment(" This key is encrypted with AWS KMS. "),
            new XElement("value", Convert.ToBase64String(response.CiphertextBlob.ToArray())));
        return new EncryptedXmlInfo(element, typeof(KmsXmlDecryptor));
    }
}

/// <summary>Decrypts a key <see cref="KmsXmlEncryptor"/> stored. Created by the key manager with the app's services.</summary>
internal sealed class KmsXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kms = services.GetRequiredService<IAmazonKeyManagementService>();
        var applicationName = services.GetRequiredService<KmsKeyRingSettings>().ApplicationName;
        using var ciphertext = new MemoryStream(Convert.FromBase64String((string)encryptedElement.Element("value")!));
        var response = kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = ciphertext,
            EncryptionContext = KmsEncryptionContext.For(applicationName),
        }).GetAwaiter().GetResult();
        return XElement.Load(response.Plaintext);
    }
}

/// <summary>What the encryptor and decryptor agree on.</summary>
internal sealed record KmsKeyRingSettings(string KeyId, string ApplicationName);

internal static class KmsEncryptionContext
{
    /// <summary>The publisher's grant is conditioned on this purpose (docs/contracts.md).</summary>
    public const string Purpose = "IdentityE2E.DataProtection";

    public static Dictionary<string, string> For(string applicationName) => new()
    {
        ["purpose"] = Purpose,
        ["application"] = applicationName,
    };
}
