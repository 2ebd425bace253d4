using Amazon.S3;

namespace IdentityE2E.Migration.Sources;

/// <summary>Opens a source: a local file, or an S3 object (<c>s3://bucket/key</c>) through the usual credential chain.</summary>
internal static class SourceFile
{
    /// <summary>
    /// The local path to read. An S3 object is first downloaded to a temporary file: the progress line
    /// needs the length and position, and DynamoDB JSON is read twice, neither of which a response stream gives.
    /// </summary>
    public static async Task<(string Path, bool Temporary)> LocalAsync(string source, Func<IAmazonS3> createS3, CancellationToken cancellationToken)
    {
        if (!source.StartsWith("s3://", StringComparison.Ordinal))
        {
            return File.Exists(source) ? (source, false) : throw new UsageException($"source file '{source}' does not exist.");
        }

        var rest = source["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw new UsageException($"'{source}' is no S3 object; use s3://bucket/key.");
        }

        var local = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"identitye2e-import-{Guid.NewGuid():N}{System.IO.Path.GetExtension(rest)}");
        using var s3 = createS3();
        using var response = await s3.GetObjectAsync(rest[..slash], rest[(slash + 1)..], cancellationToken);
        await using (var file = File.Create(local))
        {
            await response.ResponseStream.CopyToAsync(file, cancellationToken);
        }

        return (local, true);
    }
}
