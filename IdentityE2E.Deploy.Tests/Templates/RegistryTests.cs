using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class RegistryTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ThereIsOneRepositoryPerProjectThatScansOnPushWithImmutableTagsAndALifecyclePolicy()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);

        // Act
        var names = synthesized.Registry.OfType("AWS::ECR::Repository").Select(r => r.Resource["Properties"]!["RepositoryName"]!.GetValue<string>());

        // Assert
        Assert.Equal(synthesized.Model.Workloads.Select(s => $"identitye2e-dev/{s.Name}").Order(), names.Order());
        synthesized.Registry.Template.AllResourcesProperties("AWS::ECR::Repository", Props.Of(
            ("ImageScanningConfiguration", Props.Of(("ScanOnPush", true))),
            ("ImageTagMutability", "IMMUTABLE"),
            ("LifecyclePolicy", Props.Of(("LifecyclePolicyText", Amazon.CDK.Assertions.Match.StringLikeRegexp("imageCountMoreThan"))))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task RepositoriesAreEncryptedWithTheRegistryKeyAndHaveNoPublicPolicy()
    {
        // Arrange
        var registry = (await environments.Dev(TestContext.Current.CancellationToken)).Registry;
        var key = Assert.Single(registry.OfType("AWS::KMS::Key"));

        // Act
        var repositories = registry.OfType("AWS::ECR::Repository");

        // Assert
        Assert.True(key.Resource["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        Assert.All(repositories, r =>
        {
            var encryption = r.Resource["Properties"]!["EncryptionConfiguration"]!;
            Assert.Equal("KMS", encryption["EncryptionType"]!.GetValue<string>());
            Assert.Equal(key.LogicalId, encryption["KmsKey"]!["Fn::GetAtt"]![0]!.GetValue<string>());
            Assert.Null(r.Resource["Properties"]!["RepositoryPolicyText"]);
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheApplicationStackTakesTheImageTagAsAParameter()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;

        // Act
        var images = app.Containers().Where(c => c.Container["Name"]!.GetValue<string>() == AppService.AppContainer).Select(c => c.Container["Image"]!.ToJsonString());

        // Assert
        app.Template.HasParameter(ApplicationStack.ImageTagParameter, Props.Of(("Type", "String")));
        Assert.All(images, image => Assert.EndsWith($$""":",{"Ref":"{{ApplicationStack.ImageTagParameter}}"}]]}""", image, StringComparison.Ordinal));
        Assert.DoesNotContain(":latest", app.Json.ToJsonString(), StringComparison.Ordinal);
    }
}
