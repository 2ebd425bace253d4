using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cost;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Manifest;

/// <summary>The marker entry of a job (<c>aws.ecs.task.v0</c>, docs/contracts.md "Jobs: one-off tasks") and what the model and the estimate make of it.</summary>
public sealed class JobManifestTests
{
    private static JsonObject JobsManifest() => JsonNode.Parse(File.ReadAllText(TestPaths.JobsManifest))!.AsObject();

    private static Exception? ReadError(JsonObject manifest) =>
        Record.Exception(() => PlaceholderResolver.Resolve(ManifestReader.Read(manifest.ToJsonString())));

    [Fact]
    public void AMarkedProjectIsAJobWithItsNarrowedTableAccessAndNotAService()
    {
        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.JobsManifest));

        // Assert
        Assert.Equal(["backend", "frontend"], model.Services.Select(service => service.Name));
        var job = Assert.Single(model.Jobs);
        Assert.Equal(("migration", true), (job.Name, job.IsJob));
        var grant = Assert.Single(job.TableGrants);
        Assert.Equal(["get", "query", "conditionCheck", "describe", "put"], TableOperations.Names(grant.Access));
        Assert.Equal(["backend", "frontend", "migration"], model.Workloads.Select(workload => workload.Name));
    }

    [Fact]
    public void AContainerJobKeepsTheUserItsEcsObjectNames()
    {
        // Arrange
        var manifest = JobsManifest();
        manifest["resources"]!["report"] = JsonNode.Parse("""
            { "type": "container.v0", "image": "registry.example/report:2.0.1",
              "ecs": { "user": "10001", "healthCheckPath": null, "readOnlyRootFilesystem": true, "exceptions": [] } }
            """);
        manifest["resources"]!["report-task"] = JsonNode.Parse("""{ "type": "aws.ecs.task.v0", "resource": "report" }""");

        // Act
        var model = PlaceholderResolver.Resolve(ManifestReader.Read(manifest.ToJsonString()));

        // Assert
        Assert.Equal(["migration", "report"], model.Jobs.Select(job => job.Name));
        Assert.Equal("10001", model.Jobs.Single(job => job.Name == "report").Ecs.User);
        Assert.Equal(["backend", "frontend"], model.Services.Select(service => service.Name));
    }

    [Fact]
    public void AMarkerOfAnUnknownResourceIsRefused()
    {
        // Arrange
        var manifest = JobsManifest();
        manifest["resources"]!["migration-task"]!["resource"] = "importer";

        // Act
        var exception = ReadError(manifest);

        // Assert
        Assert.IsType<DeployException>(exception);
        Assert.Contains("it marks 'importer' as a job, which is not a project or container of the manifest", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobWithAnExternalBindingIsRefused()
    {
        // Arrange
        var manifest = JobsManifest();
        manifest["resources"]!["migration"]!["bindings"] = JsonNode.Parse("""{ "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "external": true } }""");

        // Act
        var exception = ReadError(manifest);

        // Assert
        Assert.IsType<DeployException>(exception);
        Assert.Contains("'migration' has an external binding; a job runs on demand and has no public route", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServiceThatCallsAJobIsRefused()
    {
        // Arrange
        var manifest = JobsManifest();
        manifest["resources"]!["migration"]!["bindings"] = JsonNode.Parse("""{ "http": { "scheme": "http", "protocol": "tcp", "transport": "http" } }""");
        manifest["resources"]!["frontend"]!["env"]!["services__migration__http__0"] = "{migration.bindings.http.url}";

        // Act
        var exception = ReadError(manifest);

        // Assert
        Assert.IsType<DeployException>(exception);
        Assert.Equal("Resource 'frontend' references 'migration', which is a job; a job runs on demand and cannot be called.", exception.Message);
    }

    [Fact]
    public void TheEstimateCountsAJobOnlyWhileItRunsAndTheImportBucketAsNegligible()
    {
        // Arrange
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.JobsManifest));
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev");

        // Act
        var estimate = CostEstimate.For(model, settings);

        // Assert: 1 h x (0.25 vCPU x $0.03238 + 0.5 GB x $0.00356), the default size on Graviton; the services' line is unchanged.
        Assert.Equal(0.25m * 0.03238m + 0.5m * 0.00356m, estimate.Items.Single(i => i.Name == "Fargate jobs").Monthly);
        Assert.Equal(CostEstimate.For(model with { Jobs = [] }, settings).Items.Single(i => i.Name == "Fargate tasks").Monthly, estimate.Items.Single(i => i.Name == "Fargate tasks").Monthly);
        Assert.True(estimate.Items.Single(i => i.Name == "Import bucket").Monthly < 0.1m);
        Assert.Contains(estimate.Assumptions, a => a.StartsWith("Jobs cost Fargate only while they run, assumed 1 hour a month", StringComparison.Ordinal));
    }
}
