using System.Text.RegularExpressions;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Environments;

public sealed class EnvironmentSettingsTests
{
    private static string DevJson => File.ReadAllText(Path.Combine(TestPaths.Repository.EnvironmentsDirectory, "dev.json"));

    /// <summary>dev.json with one setting's value replaced (or the setting removed when null).</summary>
    private static string DevWith(string key, string? value)
    {
        var pattern = new Regex($"^\\s*\"{key}\": .*$", RegexOptions.Multiline);
        Assert.Matches(pattern, DevJson);
        return pattern.Replace(DevJson, value is null ? string.Empty : $"  \"{key}\": {value},");
    }

    [Theory]
    [InlineData("dev", 512, 1024, 1, false)]
    [InlineData("prod", 1024, 2048, 2, true)]
    public void TheCheckedInEnvironmentsLoadWithTheirDefaults(string name, int cpu, int memory, int natGateways, bool deletionProtection)
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var settings = EnvironmentSettingsReader.Load(directory, name);

        // Assert
        Assert.Equal((name, cpu, memory, natGateways, deletionProtection), (settings.Name, settings.TaskCpu, settings.TaskMemoryMiB, settings.NatGateways, settings.DeletionProtection));
        Assert.True(settings.MinTasks >= 2);
        Assert.True(settings.InterfaceEndpoints);
        Assert.True(settings.UsesCloudFront);
        Assert.Null(settings.PrivateCertificateAuthorityArn);
    }

    [Fact]
    public void AMissingSettingIsAOneLineErrorThatNamesIt()
    {
        // Arrange
        var json = DevWith("natGateways", null);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json"));

        // Assert
        Assert.Equal("deploy/environments/dev.json: setting 'natGateways' is missing.", error.Message);
    }

    [Theory]
    [InlineData("taskCpu", "300")]
    [InlineData("taskMemoryMiB", "16384")]
    [InlineData("minTasks", "1")]
    [InlineData("maxTasks", "\"four\"")]
    [InlineData("natGateways", "0")]
    [InlineData("logRetentionDays", "42")]
    [InlineData("region", "\"mars-1\"")]
    [InlineData("account", "\"1234\"")]
    [InlineData("certificateArn", "\"my-cert\"")]
    [InlineData("certificateArn", "\"arn:aws:acm:eu-west-1:123456789012:certificate/abc\"")]
    [InlineData("privateCertificateAuthorityArn", "\"arn:aws:acm:us-east-1:123456789012:certificate/abc\"")]
    [InlineData("interfaceEndpoints", "\"yes\"")]
    [InlineData("mfa", "\"sometimes\"")]
    [InlineData("mfa", "true")]
    [InlineData("domainName", "\"https://identities.example.com\"")]
    [InlineData("protectedDeploy", "\"yes\"")]
    [InlineData("protectedDeploy", "null")]
    [InlineData("backupCopyRegion", "\"mars-1\"")]
    [InlineData("backupCopyRegion", "\"us-east-1\"")]
    public void AnInvalidSettingIsAOneLineErrorThatNamesIt(string key, string value)
    {
        // Arrange
        var json = DevWith(key, value);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json"));

        // Assert
        Assert.StartsWith($"deploy/environments/dev.json: setting '{key}' is ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("dev", false)]
    [InlineData("prod", true)]
    public void OnlyProdIsAProtectedDeployAndNeitherCopiesBackupsToAnotherRegionByDefault(string name, bool protectedDeploy)
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var settings = EnvironmentSettingsReader.Load(directory, name);

        // Assert
        Assert.Equal(protectedDeploy, settings.ProtectedDeploy);
        Assert.Null(settings.BackupCopyRegion);
    }

    [Fact]
    public void ABackupCopyRegionOtherThanTheEnvironmentsIsAccepted()
    {
        // Arrange
        var json = DevWith("backupCopyRegion", "\"us-west-2\"");

        // Act
        var settings = EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json");

        // Assert
        Assert.Equal(("us-east-1", "us-west-2"), (settings.Region, settings.BackupCopyRegion));
    }

    [Fact]
    public void ABackupCopyIntoTheEnvironmentsOwnRegionIsAnErrorThatSaysWhy()
    {
        // Arrange
        var json = DevWith("backupCopyRegion", "\"us-east-1\"");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json"));

        // Assert
        Assert.Equal(
            "deploy/environments/dev.json: setting 'backupCopyRegion' is us-east-1, the environment's own region; a copy must go to another region to survive the loss of this one (or null for no copy).",
            error.Message);
    }

    [Theory]
    [InlineData("dev", false)]
    [InlineData("prod", true)]
    public void StaffMustUseAnAuthenticatorInProdAndMayInDev(string name, bool required)
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var settings = EnvironmentSettingsReader.Load(directory, name);

        // Assert
        Assert.Equal(required ? MfaMode.Required : MfaMode.Optional, settings.Mfa);
        Assert.Null(settings.DomainName);
    }

    [Fact]
    public void ACertificateWithoutItsDomainNameIsAnErrorNamingDomainName()
    {
        // Arrange
        var json = DevWith("certificateArn", "\"arn:aws:acm:us-east-1:123456789012:certificate/abc\"");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith("dev.json: setting 'domainName' is null; with a certificateArn it must name the host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADomainNameWithoutACertificateIsAnError()
    {
        // Arrange
        var json = DevWith("domainName", "\"identities.example.com\"");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith("dev.json: setting 'domainName' is identities.example.com; it only applies with a certificateArn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxTasksBelowMinTasksIsAnErrorNamingMaxTasks()
    {
        // Arrange
        var json = DevWith("maxTasks", "2").Replace("\"minTasks\": 2", "\"minTasks\": 3", StringComparison.Ordinal);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.Equal("dev.json: setting 'maxTasks' is 2; it must be at least minTasks (3).", error.Message);
    }

    [Fact]
    public void AnUnknownSettingIsAnError()
    {
        // Arrange
        var json = DevJson.Replace("\"natGateways\"", "\"natGateway\": 1, \"natGateways\"", StringComparison.Ordinal);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith("dev.json: setting 'natGateway' is not known", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownEnvironmentIsAnErrorListingTheKnownOnes()
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Load(directory, "staging"));

        // Assert
        Assert.Contains("Environment 'staging' has no settings file", error.Message, StringComparison.Ordinal);
        Assert.Contains("known environments: dev, prod", error.Message, StringComparison.Ordinal);
    }
}
