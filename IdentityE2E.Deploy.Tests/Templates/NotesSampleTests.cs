using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

/// <summary>
/// The manifest the sample AppHost writes (samples/IdentityE2E.Samples.AppHost, copied as a fixture): the Flask notes
/// service, built from its Dockerfile, deploys next to the product as the publisher promises every service.
/// </summary>
public sealed class NotesSampleTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheNotesServiceRunsItsDockerfileImageAsItsOwnUserOnPort8000WithItsNotebookGrant()
    {
        // Arrange
        var synthesized = await environments.NotesSample(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var notes = app.AppContainer("notes");
        var statements = IdentityTests.StatementsOf(app, IdentityTests.TaskRoleOf(app, "notes"));

        // Assert
        Assert.Equal(("10001", true), (notes["User"]!.GetValue<string>(), notes["ReadonlyRootFilesystem"]!.GetValue<bool>()));
        Assert.Equal(8000, notes["PortMappings"]![0]!["ContainerPort"]!.GetValue<int>());
        Assert.Equal("8000", StackTemplate.EnvironmentOf(notes)["PORT"]);
        Assert.Equal("http://backend:8080", StackTemplate.EnvironmentOf(notes)["services__backend__http__0"]);
        Assert.Equal(["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem"],
            statements.Single(st => st["Sid"]?.GetValue<string>() == "Itemsnotebook")["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Null(notes["HealthCheck"]);
        Assert.Single(synthesized.Registry.OfType("AWS::CodeBuild::Project"));
        Assert.Contains(synthesized.Registry.OfType("AWS::ECR::Repository"), r => r.Resource["Properties"]!["RepositoryName"]!.GetValue<string>() == "identitye2e-dev/notes");
    }
}
