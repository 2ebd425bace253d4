using System.Collections.Concurrent;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;

namespace IdentityE2E.Deploy.Tests.Support;

/// <summary>A synthesized environment: the model it came from and its templates (the edge security one when a service is public).</summary>
internal sealed record SynthesizedApp(CloudModel Model, EnvironmentSettings Settings, SynthesisResult Result, StackTemplate Registry, StackTemplate Application, StackTemplate? EdgeSecurity)
{
    /// <summary>Every template of the environment, as the nag gate checks them.</summary>
    public IReadOnlyList<string> TemplatePaths => Result.TemplatePaths;
}

/// <summary>
/// Synthesizes each environment variant once per test run and shares it with every test (synthesis
/// costs seconds, the assertions milliseconds). CDK for .NET drives a single Node process through jsii,
/// so synthesis is serialized.
/// </summary>
public sealed class SynthesizedEnvironments : IDisposable
{
    /// <summary>The region of the alternatives variant: not us-east-1, so the web ACL's ARN crosses regions.</summary>
    public const string AlternativeRegion = "eu-west-1";

    /// <summary>The load balancer's ACM certificate, in the alternatives' region; synthesis never looks it up.</summary>
    public const string CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

    /// <summary>CloudFront's ACM certificate for viewers, in us-east-1.</summary>
    public const string CloudFrontCertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    /// <summary>The host name both certificates are for.</summary>
    public const string DomainName = "identities.example.com";

    /// <summary>Where the alternatives copy their backups.</summary>
    public const string BackupCopyRegion = "us-west-2";

    public const string PrivateCaArn = "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/66666666-7777-8888-9999-000000000000";

    /// <summary>Where the alternatives' alarms are e-mailed.</summary>
    public static readonly string[] AlarmEmails = ["oncall@example.com", "ops-team@example.com"];

    /// <summary>An existing (organization) trail the alternatives' tables are audited by.</summary>
    public const string ExistingTrail = "org-trail";

    private static readonly object Jsii = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<SynthesizedApp>>> cache = new();
    private readonly string root = TestPaths.NewTemporaryDirectory("synth");

    public SynthesizedEnvironments()
    {
        // As the tool does (Program.cs): jsii's Node 18/20 banner would fill the test log.
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "18,20");
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20");
    }

    /// <summary>dev.json with the checked-in manifest.</summary>
    internal Task<SynthesizedApp> Dev(CancellationToken cancellationToken) =>
        Get("dev", TestPaths.CheckedInManifest, () => Settings("dev"), cancellationToken);

    /// <summary>prod.json with the checked-in manifest.</summary>
    internal Task<SynthesizedApp> Prod(CancellationToken cancellationToken) =>
        Get("prod", TestPaths.CheckedInManifest, () => Settings("prod"), cancellationToken);

    /// <summary>staging.json (what CI deploys from the dev branch) with the checked-in manifest.</summary>
    internal Task<SynthesizedApp> Staging(CancellationToken cancellationToken) =>
        Get("staging", TestPaths.CheckedInManifest, () => Settings("staging"), cancellationToken);

    /// <summary>
    /// dev with every optional setting turned the other way: another region than us-east-1, both certificates
    /// and their domain, private CA, interface endpoints, two NATs, MFA required, alarm e-mails, rolling updates instead
    /// of blue/green, an existing trail, backups copied to us-west-2, x86_64 instead of Graviton, no Spot, Container Insights.
    /// </summary>
    internal Task<SynthesizedApp> Alternatives(CancellationToken cancellationToken) =>
        Get("alternatives", TestPaths.CheckedInManifest, () => Settings("dev") with
        {
            Region = AlternativeRegion,
            CertificateArn = CertificateArn,
            CloudFrontCertificateArn = CloudFrontCertificateArn,
            DomainName = DomainName,
            PrivateCertificateAuthorityArn = PrivateCaArn,
            InterfaceEndpoints = true,
            NatGateways = 2,
            CpuArchitecture = TaskArchitecture.X86_64,
            SpotTasks = false,
            ContainerInsights = true,
            Mfa = MfaMode.Required,
            AlarmEmails = AlarmEmails,
            BlueGreenBakeMinutes = null,
            CloudTrailName = ExistingTrail,
            BackupCopyRegion = BackupCopyRegion,
        }, cancellationToken);

    /// <summary>Every variant, for promises that hold whatever the settings.</summary>
    internal async Task<SynthesizedApp[]> All(CancellationToken cancellationToken) =>
        [await Dev(cancellationToken), await Prod(cancellationToken), await Alternatives(cancellationToken), await ThreeProjects(cancellationToken), await TwoPublicServices(cancellationToken)];

    /// <summary>dev with a third project: an internal worker that calls the backend and uses the table.</summary>
    internal Task<SynthesizedApp> ThreeProjects(CancellationToken cancellationToken) =>
        Get("three-projects", TestPaths.ThreeProjectsManifest, () => Settings("dev"), cancellationToken);

    /// <summary>dev with services that are not .NET projects: a Dockerfile service, a registry image, a published executable.</summary>
    internal Task<SynthesizedApp> Containers(CancellationToken cancellationToken) =>
        Get("containers", TestPaths.ContainersManifest, () => Settings("dev"), cancellationToken);

    /// <summary>dev with the manifest the sample AppHost writes (the product and the Flask notes service).</summary>
    internal Task<SynthesizedApp> NotesSample(CancellationToken cancellationToken) =>
        Get("notes-sample", TestPaths.NotesSampleManifest, () => Settings("dev"), cancellationToken);

    /// <summary>The containers variant on x86_64: CodeBuild then builds on an x86 host for linux/amd64.</summary>
    internal Task<SynthesizedApp> ContainersOnX86(CancellationToken cancellationToken) =>
        Get("containers-x86", TestPaths.ContainersManifest, () => Settings("dev") with { CpuArchitecture = TaskArchitecture.X86_64 }, cancellationToken);

    /// <summary>dev with a second public project, which the edge routes under its own prefix.</summary>
    internal Task<SynthesizedApp> TwoPublicServices(CancellationToken cancellationToken) =>
        Get("two-public", TestPaths.TwoPublicServicesManifest, () => Settings("dev"), cancellationToken);

    /// <summary>dev with a job: the migration project as a task definition without a service, and the import bucket.</summary>
    internal Task<SynthesizedApp> Jobs(CancellationToken cancellationToken) =>
        Get("jobs", TestPaths.JobsManifest, () => Settings("dev"), cancellationToken);

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failed cleanup must not fail the run.
        }
    }

    private static EnvironmentSettings Settings(string name) =>
        EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, name);

    private Task<SynthesizedApp> Get(string variant, string manifest, Func<EnvironmentSettings> settings, CancellationToken cancellationToken) =>
        cache.GetOrAdd(variant, _ => new Lazy<Task<SynthesizedApp>>(() => Task.Run(() =>
        {
            lock (Jsii)
            {
                var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(manifest));
                var environment = settings();
                var result = Synthesizer.Synthesize(model, environment, Path.Combine(root, variant));
                var edgeSecurity = result.EdgeSecurityTemplatePath is { } path ? new StackTemplate(path) : null;
                return new SynthesizedApp(model, environment, result, new StackTemplate(result.RegistryTemplatePath), new StackTemplate(result.ApplicationTemplatePath), edgeSecurity);
            }
        }))).Value.WaitAsync(cancellationToken);
}
