using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;

namespace IdentityE2E.Deploy.Synthesis;

/// <summary>
/// Images from a registry without a digest whose tag is <c>latest</c> or missing: tasks of one revision may run different
/// code, and rolling back does not roll the image back. A warning where that is tolerable, an error in an environment
/// with <c>"protectedDeploy": true</c>, which deploys only what can be traced and rebuilt.
/// </summary>
internal static class ImageTagReview
{
    /// <summary>The warnings for an unprotected environment; throws for a protected one.</summary>
    public static IReadOnlyList<string> Warnings(CloudModel model, EnvironmentSettings settings)
    {
        var mutable = model.Workloads
            .Select(service => (service.Name, Image: service.Image as RegistryImage))
            .Where(service => service.Image is { HasMutableTag: true })
            .ToList();
        foreach (var (name, image) in mutable.Where(_ => settings.ProtectedDeploy))
        {
            throw new DeployException(
                $"Resource '{name}': image '{image!.Reference}' has no digest and {TagDescription(image)}; environment '{settings.Name}' has \"protectedDeploy\": true and runs pinned images only: " +
                "pin it with a digest (AddContainer(...).WithImageSHA256(...)) or a version tag.");
        }

        return [.. mutable.Select(service =>
            $"Resource '{service.Name}': image '{service.Image!.Reference}' has no digest and {TagDescription(service.Image)}, so tasks may pull different code over time; pin it with a digest (WithImageSHA256) or a version tag (an error in environments with \"protectedDeploy\": true).")];
    }

    private static string TagDescription(RegistryImage image) => image.Tag is null ? "no tag (which means 'latest')" : "the moving tag 'latest'";
}
