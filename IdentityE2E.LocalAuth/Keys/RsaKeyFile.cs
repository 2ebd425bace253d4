using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace IdentityE2E.LocalAuth.Keys;

/// <summary>An RSA key kept as a PEM file, so tokens and sessions outlive a restart of the provider.</summary>
internal static class RsaKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Loads the key at <paramref name="path"/>, creating it first if no process has yet.</summary>
    public static RsaSecurityKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));

        // A kid derived from the key itself stays the same across restarts and processes, so a resource
        // server that cached the JWKS keeps finding the key.
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static void TryCreate(string path)
    {
        using var rsa = RSA.Create(2048);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by this user only, from the first byte written: the file holds a private key.
            options.UnixCreateMode = OwnerOnly;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            // Two processes may start at once: the first move wins, the other loads the winner's key.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
