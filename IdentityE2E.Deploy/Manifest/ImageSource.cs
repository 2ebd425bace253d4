namespace IdentityE2E.Deploy.Manifest;

/// <summary>Where a service's image comes from: the one part in which projects and containers differ.</summary>
internal abstract record ImageSource;

/// <summary>A .NET project, built with <c>dotnet publish -t:PublishContainer</c> and pushed to the service's repository.</summary>
internal sealed record ProjectImage(string ProjectPath) : ImageSource;

/// <summary>
/// An image built from a Dockerfile (<c>container.v1</c> with <c>build</c>) and pushed to the service's repository.
/// <see cref="Context"/> and <see cref="Dockerfile"/> are relative to the manifest's folder, as Aspire writes them.
/// </summary>
internal sealed record DockerfileImage(string Context, string Dockerfile, IReadOnlyDictionary<string, string> BuildArgs, string? Stage) : ImageSource;

/// <summary>An image from a registry (<c>container.v0</c>, or <c>container.v1</c> with <c>image</c>), used as given.</summary>
internal sealed record RegistryImage(string Reference) : ImageSource
{
    /// <summary>Pinned by content: the same bytes at every task start, whatever happens to the tag.</summary>
    public bool IsPinned => Reference.Contains("@sha256:", StringComparison.Ordinal);

    /// <summary>The tag, or null when the reference has none (a registry host's port is no tag).</summary>
    public string? Tag
    {
        get
        {
            var name = IsPinned ? Reference[..Reference.IndexOf('@', StringComparison.Ordinal)] : Reference;
            var colon = name.LastIndexOf(':');
            return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
        }
    }

    /// <summary>
    /// No digest and a tag that is made to move (<c>latest</c>) or none, which means <c>latest</c>: two tasks of one
    /// revision may run different code, and a rollback does not roll the image back.
    /// </summary>
    public bool HasMutableTag => !IsPinned && Tag is null or "latest";
}
