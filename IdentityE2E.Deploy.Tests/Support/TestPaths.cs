namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>Files the tests read: the repository's own and the fixtures next to the tests.</summary>
internal static class TestPaths
{
    public static RepositoryLayout Repository { get; } = RepositoryLayout.Find();

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The manifest docs/contracts.md describes: backend, frontend, the identities table, a secret.</summary>
    public static string ContractManifest => Fixture("contract-manifest.json");

    /// <summary>The contract plus an internal worker that calls the backend and uses the table.</summary>
    public static string ThreeProjectsManifest => Fixture("three-projects-manifest.json");

    /// <summary>The contract plus a second public project, <c>reports</c>, that signs staff in and calls the backend.</summary>
    public static string TwoPublicServicesManifest => Fixture("two-public-manifest.json");

    /// <summary>
    /// The contract plus services that are not .NET projects (issue 9): <c>notes</c>, a public Dockerfile service on 8000
    /// with a writable root excepted and the table narrowed to get and query; <c>docs</c>, a digest-pinned registry image
    /// with every default; <c>report</c>, a published executable (build with a stage and an argument) on 8001 that runs
    /// as root with its reason. The frontend calls docs and report.
    /// </summary>
    public static string ContainersManifest => Fixture("containers-manifest.json");

    /// <summary>
    /// The contract plus a job (issue 10): <c>migration</c>, a project marked by an <c>aws.ecs.task.v0</c> entry, whose
    /// access to the identities table is narrowed to get, put, conditionCheck, describe and query.
    /// </summary>
    public static string JobsManifest => Fixture("jobs-manifest.json");

    /// <summary>
    /// samples/IdentityE2E.Samples.AppHost/aspire-manifest.json as the sample AppHost wrote it: the product plus the Flask
    /// notes service built from its Dockerfile.
    /// </summary>
    public static string NotesSampleManifest => Fixture("notes-sample-manifest.json");

    /// <summary>
    /// The aspire-manifest.json checked in at the repository root. Until the AppHost generates it the
    /// contract fixture stands in, and <see cref="UsesCheckedInManifest"/> says so.
    /// </summary>
    public static string CheckedInManifest => UsesCheckedInManifest ? Repository.Manifest : ContractManifest;

    public static bool UsesCheckedInManifest => File.Exists(Repository.Manifest);

    public static string NewTemporaryDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "identitye2e-deploy-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
