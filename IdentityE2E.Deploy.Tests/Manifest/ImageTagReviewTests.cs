using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Manifest;

/// <summary>An image from a registry without a digest and with a moving tag: a warning in dev, an error in prod.</summary>
public sealed class ImageTagReviewTests
{
    private static CloudModel ModelWithImage(string image) => PlaceholderResolver.Resolve(ManifestReader.Read($$"""
        { "resources": { "cache": { "type": "container.v0", "image": "{{image}}" } } }
        """));

    private static EnvironmentSettings Settings(string name) => EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, name);

    [Theory]
    [InlineData("redis", null)]
    [InlineData("docker.io/library/redis:latest", "latest")]
    [InlineData("localhost:5000/redis", null)]
    public void AnImageWithoutDigestWhoseTagIsLatestOrMissingIsAWarningInAnUnprotectedEnvironment(string image, string? tag)
    {
        // Arrange
        var model = ModelWithImage(image);

        // Act
        var warnings = ImageTagReview.Warnings(model, Settings("dev"));

        // Assert
        Assert.Equal(tag, ((RegistryImage)model.Services.Single().Image).Tag);
        var warning = Assert.Single(warnings);
        Assert.StartsWith($"Resource 'cache': image '{image}' has no digest and", warning, StringComparison.Ordinal);
        Assert.Contains("pin it with a digest (WithImageSHA256) or a version tag", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImageWithAMovingTagIsAnErrorInAProtectedEnvironment()
    {
        // Arrange
        var model = ModelWithImage("redis:latest");

        // Act
        var error = Assert.Throws<DeployException>(() => ImageTagReview.Warnings(model, Settings("prod")));

        // Assert
        Assert.Equal(
            "Resource 'cache': image 'redis:latest' has no digest and the moving tag 'latest'; environment 'prod' has \"protectedDeploy\": true and runs pinned images only: pin it with a digest (AddContainer(...).WithImageSHA256(...)) or a version tag.",
            error.Message);
    }

    [Theory]
    [InlineData("redis:7.4")]
    [InlineData("redis:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost:5000/redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void AVersionTagOrADigestPassesEvenAProtectedEnvironment(string image)
    {
        // Arrange
        var model = ModelWithImage(image);

        // Act
        var warnings = ImageTagReview.Warnings(model, Settings("prod"));

        // Assert
        Assert.Empty(warnings);
    }
}
