using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Gates;

/// <summary>The aspire-manifest.json at the repository root synthesizes for both checked-in environments.</summary>
public sealed class CheckedInManifestTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheCheckedInManifestSynthesizesForDevAndProd()
    {
        // Arrange
        TestContext.Current.SendDiagnosticMessage(TestPaths.UsesCheckedInManifest
            ? $"Synthesizing {TestPaths.Repository.Manifest}."
            : $"No aspire-manifest.json at the repository root yet; the contract fixture stands in ({TestPaths.ContractManifest}).");

        // Act
        var dev = await environments.Dev(TestContext.Current.CancellationToken);
        var prod = await environments.Prod(TestContext.Current.CancellationToken);

        // Assert
        foreach (var synthesized in new[] { dev, prod })
        {
            Assert.True(File.Exists(synthesized.Result.RegistryTemplatePath));
            Assert.True(File.Exists(synthesized.Result.ApplicationTemplatePath));
            Assert.Equal(synthesized.Model.Services.Count, synthesized.Application.OfType("AWS::ECS::Service").Count);
            Assert.Equal(synthesized.Model.Tables.Count, synthesized.Application.OfType("AWS::DynamoDB::Table").Count);
        }

        Assert.Equal("IdentityE2E-prod-app", prod.Result.Naming.ApplicationStack);
        prod.Application.Template.ResourceCountIs("AWS::EC2::NatGateway", 2);
        dev.Application.Template.ResourceCountIs("AWS::EC2::NatGateway", 1);
    }

    [Fact]
    public void TheCheckedInManifestCarriesNothingFromRunMode()
    {
        // Arrange
        var manifest = File.ReadAllText(TestPaths.CheckedInManifest);

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(manifest));

        // Assert
        Assert.Contains(model.Services, s => s.Name == "backend");
        Assert.Contains(model.Services, s => s.Name == "frontend" && s.IsPublic);
        Assert.DoesNotContain("AWS_ENDPOINT_URL_DYNAMODB", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheckedInManifestPublishesTheMigrationToolAsAJobThatMayOnlyGetPutAndQueryIdentities()
    {
        // Arrange
        var manifest = File.ReadAllText(TestPaths.CheckedInManifest);

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(manifest));

        // Assert
        var migration = Assert.Single(model.Jobs);
        Assert.Equal("migration", migration.Name);
        Assert.DoesNotContain(model.Services, s => s.Name == "migration");
        Assert.Empty(migration.Args);
        var grant = Assert.Single(migration.TableGrants);
        Assert.Equal(new TableGrant("identities", TableAccess.Get | TableAccess.Put | TableAccess.Query), grant);
    }
}
