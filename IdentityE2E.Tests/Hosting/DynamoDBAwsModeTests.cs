using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace IdentityE2E.Tests.Hosting;

/// <summary>Which mode, which tables and which stack each setting means; nothing is started and no AWS is asked.</summary>
public sealed class DynamoDBAwsModeTests
{
    private static readonly string[] AwsSettings = ["DynamoDB:Mode=Aws", "AWS:Profile=dev", "AWS:Region=eu-west-1"];

    [Fact]
    public void WithoutAModeTheTablesAreDynamoDBLocals()
    {
        Assert.Equal(DynamoDBMode.Local, DynamoDBAwsOptions.ModeOf(Configuration()));
    }

    [Theory]
    [InlineData("Aws", DynamoDBMode.Aws)]
    [InlineData("aws", DynamoDBMode.Aws)]
    [InlineData("Local", DynamoDBMode.Local)]
    public void TheModeSettingNamesTheMode(string value, DynamoDBMode expected)
    {
        Assert.Equal(expected, DynamoDBAwsOptions.ModeOf(Configuration($"DynamoDB:Mode={value}")));
    }

    [Fact]
    public void AnUnknownModeFailsWithItsKey()
    {
        var error = Assert.Throws<DistributedApplicationException>(() => DynamoDBAwsOptions.ModeOf(Configuration("DynamoDB:Mode=Cloud")));
        Assert.Contains("DynamoDB:Mode is 'Cloud'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS:Region=eu-west-1", "AWS:Profile")]
    [InlineData("AWS:Profile=dev", "AWS:Region")]
    public void TheAwsModeWithoutAProfileOrRegionFailsWithTheMissingKey(string given, string missing)
    {
        var error = Assert.Throws<DistributedApplicationException>(() =>
            DynamoDBAwsOptions.FromConfiguration(Configuration("DynamoDB:Mode=Aws", given), "alice"));
        Assert.Contains($"needs {missing}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTableNamesTheTablesAreDeployedInTheDevelopersOwnStack()
    {
        // Arrange
        var options = DynamoDBAwsOptions.FromConfiguration(Configuration(AwsSettings), "Alice.Smith");

        // Act
        var plan = DynamoDBAwsPlan.Decide(options, ["identities", "keyring"]);

        // Assert
        Assert.Equal("identitye2e-local-alice-smith", plan.Stack);
        Assert.Empty(plan.ExistingTables);
        Assert.Equal(("dev", "eu-west-1", "aws", false, null), (options.Profile, options.Region, options.Cli, options.PointInTimeRecovery, options.KmsKeyId));
    }

    [Fact]
    public void ANamedStackIsUsedAsItIs()
    {
        var options = DynamoDBAwsOptions.FromConfiguration(Configuration([.. AwsSettings, "DynamoDB:Stack=team-tables"]), "alice");

        Assert.Equal("team-tables", DynamoDBAwsPlan.Decide(options, ["identities"]).Stack);
    }

    [Fact]
    public void AStackNameCloudFormationWouldRejectFailsWithItsKey()
    {
        var error = Assert.Throws<DistributedApplicationException>(() =>
            DynamoDBAwsOptions.FromConfiguration(Configuration([.. AwsSettings, "DynamoDB:Stack=1_tables"]), "alice"));
        Assert.Contains("DynamoDB:Stack", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamingEveryTableUsesThoseTablesAndNoStack()
    {
        // Arrange
        var options = DynamoDBAwsOptions.FromConfiguration(
            Configuration([.. AwsSettings, "DynamoDB:Tables:identities=prod-copy-identities", "DynamoDB:Tables:keyring=prod-copy-keyring"]), "alice");

        // Act
        var plan = DynamoDBAwsPlan.Decide(options, ["identities", "keyring"]);

        // Assert
        Assert.Null(plan.Stack);
        Assert.Equal("prod-copy-identities", plan.ExistingTables["identities"]);
        Assert.Equal("prod-copy-keyring", plan.ExistingTables["keyring"]);
    }

    [Fact]
    public void NamingSomeTablesButNotAllFailsWithTheMissingTablesKey()
    {
        var options = DynamoDBAwsOptions.FromConfiguration(Configuration([.. AwsSettings, "DynamoDB:Tables:identities=mine"]), "alice");

        var error = Assert.Throws<DistributedApplicationException>(() => DynamoDBAwsPlan.Decide(options, ["identities", "keyring"]));

        Assert.Contains("DynamoDB:Tables:keyring=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamingATableTheModelDoesNotHaveFailsWithItsKey()
    {
        var options = DynamoDBAwsOptions.FromConfiguration(Configuration([.. AwsSettings, "DynamoDB:Tables:identites=mine"]), "alice");

        var error = Assert.Throws<DistributedApplicationException>(() => DynamoDBAwsPlan.Decide(options, ["identities"]));

        Assert.Contains("DynamoDB:Tables:identites names no table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAwsModeRunsNeitherDynamoDBLocalNorItsDataBrowser()
    {
        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            AwsSettings, TestContext.Current.CancellationToken);

        // Assert
        var dynamodb = Assert.Single(builder.Resources.OfType<DynamoDBResource>());
        Assert.Equal(DynamoDBMode.Aws, dynamodb.Mode);
        Assert.Null(dynamodb.Emulator);
        Assert.DoesNotContain(builder.Resources, r => r.Name is "dynamodb-local" or "dynamodb-admin");
        Assert.Equal("eu-west-1", dynamodb.Region);
    }

    [Fact]
    public async Task PublishingIgnoresTheAwsMode()
    {
        // Act
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.IdentityE2E_AppHost>(
            ["--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), $"identitye2e-{Guid.NewGuid():N}.json"), .. AwsSettings],
            TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(DynamoDBMode.Local, Assert.Single(builder.Resources.OfType<DynamoDBResource>()).Mode);
    }

    private static IConfiguration Configuration(params string[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => setting.Split('=', 2))
            .Select(pair => KeyValuePair.Create(pair[0], (string?)pair[1]))).Build();
}
