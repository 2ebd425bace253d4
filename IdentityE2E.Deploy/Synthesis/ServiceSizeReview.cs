using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Synthesis;

/// <summary>
/// Sizes in <c>serviceSizes</c> must name services or jobs of the manifest: a typo, or a service renamed in the AppHost,
/// would otherwise leave the real one on the default size without a word.
/// </summary>
internal static class ServiceSizeReview
{
    public static void Check(CloudModel model, EnvironmentSettings settings)
    {
        var workloads = model.Workloads.Select(workload => workload.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = settings.ServiceSizes.Keys.Where(name => !workloads.Contains(name)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new DeployException(
                $"deploy/environments/{settings.Name}.json: setting 'serviceSizes' names {string.Join(", ", unknown)}, which the manifest does not have " +
                $"(its services and jobs: {string.Join(", ", workloads.Order(StringComparer.Ordinal))}).");
        }
    }
}
