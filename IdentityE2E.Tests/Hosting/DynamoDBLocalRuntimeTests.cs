using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace IdentityE2E.Tests.Hosting;

/// <summary>The AppHost's model as each setting builds it; nothing is started.</summary>
public sealed class DynamoDBLocalRuntimeTests
{
    [Fact]
    public async Task TheContainerSettingRunsAmazonsImageWithItsDataFolderMounted()
    {
        // Arrange
        var dataPath = Path.Combine(Path.GetTempPath(), $"identitye2e-model-{Guid.NewGuid():N}");

        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Container", $"DynamoDB:Local:DataPath={dataPath}"], TestContext.Current.CancellationToken);
        var emulator = Assert.IsType<ContainerResource>(builder.Resources.Single(r => r.Name == "dynamodb-local"), exactMatch: false);

        // Assert
        var image = Assert.Single(emulator.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("amazon/dynamodb-local", "3.3.1"), (image.Image, image.Tag));
        var mount = Assert.Single(emulator.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(dataPath, mount.Source);
        Assert.Contains("-sharedDb", await ArgumentsOfAsync(emulator));
        Directory.Delete(dataPath);
    }

    [Fact]
    public async Task TheJavaSettingRunsTheNpmJarInMemoryWhenAsked()
    {
        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", "DynamoDB:Local:InMemory=true"], TestContext.Current.CancellationToken);
        var emulator = Assert.IsType<ExecutableResource>(builder.Resources.Single(r => r.Name == "dynamodb-local"), exactMatch: false);

        // Assert
        Assert.Equal("java", emulator.Command);
        var arguments = await ArgumentsOfAsync(emulator);
        Assert.Contains(arguments, a => a.Contains("DynamoDBLocal.jar", StringComparison.Ordinal));
        Assert.Contains("-inMemory", arguments);
        Assert.DoesNotContain("-dbPath", arguments);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheJavaFormsDataFolderIsReadableByItsOwnerOnly()
    {
        // Arrange
        var dataPath = Path.Combine(Path.GetTempPath(), $"identitye2e-data-{Guid.NewGuid():N}");

        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["DynamoDB:Local:Runtime=Java", $"DynamoDB:Local:DataPath={dataPath}"], TestContext.Current.CancellationToken);

        // Assert
        var mode = File.GetUnixFileMode(dataPath);
        Directory.Delete(dataPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
    }

    private static async Task<List<string>> ArgumentsOfAsync(IResource resource)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        // Values the orchestrator resolves at start (the Java form's port) stay objects here.
        return [.. arguments.OfType<string>()];
    }
}
