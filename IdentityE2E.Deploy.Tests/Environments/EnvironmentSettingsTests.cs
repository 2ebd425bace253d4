using System.Text.RegularExpressions;
using IdentityE2E.Deploy.Environments;
using IdentityE2E.Deploy.Manifest;
using IdentityE2E.Deploy.Synthesis;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Environments;

public sealed class EnvironmentSettingsTests
{
    private const string RegionalCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

    private const string CloudFrontCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/def";

    private static string DevJson => File.ReadAllText(Path.Combine(TestPaths.Repository.EnvironmentsDirectory, "dev.json"));

    private static string WithBothCertificates(string json) => json
        .Replace("\"certificateArn\": null", $"\"certificateArn\": \"{RegionalCertificate}\"", StringComparison.Ordinal)
        .Replace("\"cloudFrontCertificateArn\": null", $"\"cloudFrontCertificateArn\": \"{CloudFrontCertificate}\"", StringComparison.Ordinal);

    /// <summary>dev.json with one setting's value replaced (or the setting removed when null).</summary>
    private static string DevWith(string key, string? value)
    {
        var pattern = new Regex($"^\\s*\"{key}\": .*$", RegexOptions.Multiline);
        Assert.Matches(pattern, DevJson);
        return pattern.Replace(DevJson, value is null ? string.Empty : $"  \"{key}\": {value},");
    }

    [Theory]
    [InlineData("dev", 1, false, true, false, 7, false)]
    [InlineData("prod", 2, true, false, true, 35, true)]
    [InlineData("staging", 1, false, true, false, 7, false)]
    public void TheCheckedInEnvironmentsLoadWithTheirDefaults(string name, int natGateways, bool interfaceEndpoints, bool spotTasks, bool containerInsights, int backupDays, bool deletionProtection)
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var settings = EnvironmentSettingsReader.Load(directory, name);

        // Assert
        Assert.Equal(
            (name, natGateways, interfaceEndpoints, spotTasks, containerInsights, backupDays, deletionProtection),
            (settings.Name, settings.NatGateways, settings.InterfaceEndpoints, settings.SpotTasks, settings.ContainerInsights, settings.DailyBackupRetentionDays, settings.DeletionProtection));
        Assert.Equal(TaskArchitecture.Arm64, settings.CpuArchitecture);
        Assert.Equal(new TaskSize(256, 512), settings.SizeOf("backend"));
        Assert.Equal(new TaskSize(256, 1024), settings.SizeOf("frontend"));
        Assert.True(settings.MinTasks >= 2);
        Assert.False(settings.HasOwnDomain);
        Assert.Null(settings.PrivateCertificateAuthorityArn);
        Assert.Equal((2000, 300), (settings.WafRateLimit, settings.WafFormPostRateLimit));
        Assert.Equal(["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"], settings.WafManagedRuleGroups);
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
    [InlineData("cpuArchitecture", "\"arm\"")]
    [InlineData("cpuArchitecture", "null")]
    [InlineData("defaultServiceSize", "{ \"cpu\": 300, \"memoryMiB\": 512 }")]
    [InlineData("defaultServiceSize", "{ \"cpu\": 256, \"memoryMiB\": 16384 }")]
    [InlineData("defaultServiceSize", "{ \"cpu\": 256 }")]
    [InlineData("defaultServiceSize", "512")]
    [InlineData("spotTasks", "\"yes\"")]
    [InlineData("containerInsights", "null")]
    [InlineData("traceSamplingPercent", "0")]
    [InlineData("traceSamplingPercent", "101")]
    [InlineData("dailyBackupRetentionDays", "0")]
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
    [InlineData("cloudFrontCertificateArn", "\"arn:aws:acm:eu-west-1:123456789012:certificate/abc\"")]
    [InlineData("wafRateLimit", "5")]
    [InlineData("wafFormPostRateLimit", "\"300\"")]
    [InlineData("wafManagedRuleGroups", "[]")]
    [InlineData("wafManagedRuleGroups", "\"AWSManagedRulesCommonRuleSet\"")]
    [InlineData("wafManagedRuleGroups", "[\"AWSManagedRulesBotControlRuleSet\"]")]
    [InlineData("alarmEmails", "\"ops@example.com\"")]
    [InlineData("alarmEmails", "[\"ops.example.com\"]")]
    [InlineData("alarmEmails", "[\"ops@example.com\", \"OPS@example.com\"]")]
    [InlineData("alarmEmails", "[\n    \"ops@example.com\",\n    42\n  ]")]
    [InlineData("alarmEmails", "null")]
    [InlineData("blueGreenBakeMinutes", "-1")]
    [InlineData("blueGreenBakeMinutes", "1441")]
    [InlineData("blueGreenBakeMinutes", "\"15\"")]
    [InlineData("cloudTrailName", "\"my trail\"")]
    [InlineData("cloudTrailName", "\"arn:aws:s3:::my-bucket\"")]
    [InlineData("protectedDeploy", "\"yes\"")]
    [InlineData("protectedDeploy", "null")]
    [InlineData("backupCopyRegion", "\"mars-1\"")]
    [InlineData("backupCopyRegion", "\"us-east-1\"")]
    [InlineData("codeBuild", "\"yes\"")]
    [InlineData("codeBuild", "null")]
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

    [Fact]
    public void AServiceSizeFargateDoesNotOfferIsAnErrorThatNamesTheServiceAndThePairs()
    {
        // Arrange
        var json = DevJson.Replace("\"frontend\": { \"cpu\": 256, \"memoryMiB\": 1024 }", "\"frontend\": { \"cpu\": 256, \"memoryMiB\": 4096 }", StringComparison.Ordinal);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json"));

        // Assert
        Assert.StartsWith("deploy/environments/dev.json: setting 'serviceSizes.frontend' is {\"cpu\":256,\"memoryMiB\":4096}; expected", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu 256 with 512, 1024 or 2048", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkloadThatServiceSizesDoesNotNameTakesTheDefaultSize()
    {
        // Arrange
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev");

        // Act
        var size = settings.SizeOf("import-job");

        // Assert
        Assert.Equal(settings.DefaultServiceSize, size);
    }

    [Fact]
    public void ASizeForAServiceTheManifestDoesNotHaveStopsSynthesisBeforeAnythingIsWritten()
    {
        // Arrange
        var model = PlaceholderResolver.Resolve(ManifestReader.ReadFile(TestPaths.ContractManifest));
        var settings = EnvironmentSettingsReader.Load(TestPaths.Repository.EnvironmentsDirectory, "dev") with
        {
            ServiceSizes = new Dictionary<string, TaskSize> { ["frontent"] = new(256, 1024) },
        };
        var output = Path.Combine(TestPaths.NewTemporaryDirectory("sizes"), "out");

        // Act
        var error = Assert.Throws<DeployException>(() => Synthesizer.Synthesize(model, settings, output));

        // Assert
        Assert.Equal("deploy/environments/dev.json: setting 'serviceSizes' names frontent, which the manifest does not have (its services and jobs: backend, frontend).", error.Message);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void X86CanBeChosenInsteadOfGraviton()
    {
        // Arrange
        var json = DevWith("cpuArchitecture", "\"x86_64\"");

        // Act
        var settings = EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json");

        // Assert
        Assert.Equal(TaskArchitecture.X86_64, settings.CpuArchitecture);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    [InlineData("staging")]
    public void BothEnvironmentsBuildDockerfileImagesInCodeBuildWhenNoLocalEngineAnswers(string name)
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var settings = EnvironmentSettingsReader.Load(directory, name);

        // Assert
        Assert.True(settings.CodeBuild);
    }

    [Fact]
    public void AMissingCodeBuildSettingIsAnErrorThatNamesIt()
    {
        // Arrange
        var json = DevWith("codeBuild", null);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "deploy/environments/dev.json"));

        // Assert
        Assert.Equal("deploy/environments/dev.json: setting 'codeBuild' is missing.", error.Message);
    }

    [Theory]
    [InlineData("dev", false)]
    [InlineData("prod", true)]
    [InlineData("staging", true)]
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
    [InlineData("staging", true)]
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

    [Theory]
    [InlineData("alarmEmails")]
    [InlineData("blueGreenBakeMinutes")]
    [InlineData("cloudTrailName")]
    public void EveryOperationsSettingMustBePresent(string key)
    {
        // Arrange
        var json = DevWith(key, null);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.Equal($"dev.json: setting '{key}' is missing.", error.Message);
    }

    [Fact]
    public void EveryEnvironmentFileLoadsAndStagingCanBeDestroyedByItsWorkflow()
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;
        var names = Directory.GetFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();

        // Act
        var settings = names.Select(name => EnvironmentSettingsReader.Load(directory, name!)).ToDictionary(s => s.Name);

        // Assert: the CI workflows deploy staging and prod; destroy-staging needs staging without deletion protection.
        Assert.Equal(["dev", "prod", "staging"], names);
        Assert.False(settings["staging"].DeletionProtection);
        Assert.True(settings["staging"].ProtectedDeploy);
    }

    [Fact]
    public void TheCheckedInEnvironmentsEmailNobodyDeployBlueGreenAndKeepTheirOwnTrail()
    {
        // Arrange
        var directory = TestPaths.Repository.EnvironmentsDirectory;

        // Act
        var dev = EnvironmentSettingsReader.Load(directory, "dev");
        var prod = EnvironmentSettingsReader.Load(directory, "prod");

        // Assert
        Assert.All(new[] { dev, prod }, settings =>
        {
            Assert.Empty(settings.AlarmEmails);
            Assert.True(settings.UsesBlueGreen);
            Assert.True(settings.UsesOwnTrail);
        });
        Assert.True(prod.BlueGreenBakeMinutes > dev.BlueGreenBakeMinutes);
    }

    [Fact]
    public void AlarmEmailsARollingUpdateAndAnExistingTrailByArnAreRead()
    {
        // Arrange
        const string trail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail";
        var json = DevWith("alarmEmails", "[\"oncall@example.com\", \"ops-team@example.com\"]")
            .Replace("\"blueGreenBakeMinutes\": 5", "\"blueGreenBakeMinutes\": null", StringComparison.Ordinal)
            .Replace("\"cloudTrailName\": null", $"\"cloudTrailName\": \"{trail}\"", StringComparison.Ordinal);

        // Act
        var settings = EnvironmentSettingsReader.Parse(json, "dev", "dev.json");

        // Assert
        Assert.Equal(["oncall@example.com", "ops-team@example.com"], settings.AlarmEmails);
        Assert.False(settings.UsesBlueGreen);
        Assert.Equal(trail, settings.CloudTrailName);
        Assert.False(settings.UsesOwnTrail);
    }

    [Fact]
    public void CertificatesWithoutTheirDomainNameAreAnErrorNamingDomainName()
    {
        // Arrange
        var json = WithBothCertificates(DevJson);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith("dev.json: setting 'domainName' is null; with certificates it must name the host", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("certificateArn", "cloudFrontCertificateArn")]
    [InlineData("cloudFrontCertificateArn", "certificateArn")]
    public void OneCertificateWithoutTheOtherIsAOneLineErrorNamingTheMissingOne(string given, string missing)
    {
        // Arrange
        var json = DevWith(given, given == "certificateArn" ? $"\"{RegionalCertificate}\"" : $"\"{CloudFrontCertificate}\"")
            .Replace("\"domainName\": null", "\"domainName\": \"identities.example.com\"", StringComparison.Ordinal);

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith($"dev.json: setting '{missing}' is null;", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TheCloudFrontCertificateOutsideUsEast1IsAnErrorNamingIt()
    {
        // Arrange
        var json = DevWith("cloudFrontCertificateArn", $"\"{RegionalCertificate.Replace("us-east-1", "eu-west-1", StringComparison.Ordinal)}\"");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.Equal("dev.json: setting 'cloudFrontCertificateArn' is in region eu-west-1; it must be in the region CloudFront reads certificates from, us-east-1.", error.Message);
    }

    [Fact]
    public void BothCertificatesAndTheirDomainGiveAnOwnDomain()
    {
        // Arrange
        var json = WithBothCertificates(DevJson).Replace("\"domainName\": null", "\"domainName\": \"identities.example.com\"", StringComparison.Ordinal);

        // Act
        var settings = EnvironmentSettingsReader.Parse(json, "dev", "dev.json");

        // Assert
        Assert.True(settings.HasOwnDomain);
        Assert.Equal((RegionalCertificate, CloudFrontCertificate), (settings.CertificateArn, settings.CloudFrontCertificateArn));
    }

    [Fact]
    public void AFormPostLimitAboveTheRequestLimitIsAnErrorNamingIt()
    {
        // Arrange
        var json = DevWith("wafFormPostRateLimit", "5000");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.Equal("dev.json: setting 'wafFormPostRateLimit' is 5000; it must not exceed wafRateLimit (2000), since every form post is also a request.", error.Message);
    }

    [Fact]
    public void ARuleGroupListedTwiceIsAnErrorNamingIt()
    {
        // Arrange
        var json = DevWith("wafManagedRuleGroups", "[\"AWSManagedRulesCommonRuleSet\", \"AWSManagedRulesCommonRuleSet\"]");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith("dev.json: setting 'wafManagedRuleGroups' is [\"AWSManagedRulesCommonRuleSet\",\"AWSManagedRulesCommonRuleSet\"]", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(", each once.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleGroupsBeyondTheWebAclsIncludedCapacityAreAnError()
    {
        // Arrange
        var json = DevWith("wafManagedRuleGroups",
            "[\"AWSManagedRulesCommonRuleSet\", \"AWSManagedRulesSQLiRuleSet\", \"AWSManagedRulesLinuxRuleSet\", \"AWSManagedRulesWindowsRuleSet\", \"AWSManagedRulesKnownBadInputsRuleSet\"]");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.Equal("dev.json: setting 'wafManagedRuleGroups' needs 1506 WCU; a web ACL holds 1500 before AWS WAF charges more for every request, so drop a group.", error.Message);
    }

    [Fact]
    public void ADomainNameWithoutACertificateIsAnError()
    {
        // Arrange
        var json = DevWith("domainName", "\"identities.example.com\"");

        // Act
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Parse(json, "dev", "dev.json"));

        // Assert
        Assert.StartsWith("dev.json: setting 'domainName' is identities.example.com; it only applies with certificateArn and cloudFrontCertificateArn", error.Message, StringComparison.Ordinal);
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
        var error = Assert.Throws<DeployException>(() => EnvironmentSettingsReader.Load(directory, "qa"));

        // Assert
        Assert.Contains("Environment 'qa' has no settings file", error.Message, StringComparison.Ordinal);
        Assert.Contains("known environments: dev, prod, staging", error.Message, StringComparison.Ordinal);
    }
}
