using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class BackupTests(SynthesizedEnvironments environments)
{
    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryTableIsBackedUpDailyForTheRetentionOfTheEnvironmentIntoAVaultEncryptedWithTheDataKey()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;
        var dataKey = app.LogicalIdOf("AWS::KMS::Key", "DataKey");

        // Act
        var plan = Assert.Single(app.OfType("AWS::Backup::BackupPlan")).Resource["Properties"]!["BackupPlan"]!;
        var vault = Assert.Single(app.OfType("AWS::Backup::BackupVault"));
        var selected = Assert.Single(app.OfType("AWS::Backup::BackupSelection")).Resource["Properties"]!["BackupSelection"]!["Resources"]!.AsArray()
            .Select(r => r!["Fn::GetAtt"]![0]!.GetValue<string>()).Order().ToList();

        // Assert
        var rule = Assert.Single(plan["BackupPlanRule"]!.AsArray())!;
        // dev keeps a week (dailyBackupRetentionDays: 7); point-in-time recovery still reaches back 35 days.
        Assert.Equal(7, rule["Lifecycle"]!["DeleteAfterDays"]!.GetValue<int>());
        Assert.Equal("cron(0 3 * * ? *)", rule["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal(vault.LogicalId, rule["TargetBackupVault"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal(dataKey, vault.Resource["Properties"]!["EncryptionKeyArn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal("Retain", vault.Resource["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal(app.OfType("AWS::DynamoDB::Table").Select(t => t.LogicalId).Order().ToList(), selected);
        app.Template.AllResourcesProperties("AWS::DynamoDB::Table", Props.Of(("PointInTimeRecoverySpecification", Props.Of(("PointInTimeRecoveryEnabled", true)))));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task ProdAlsoKeepsAMonthlyBackupForAYear()
    {
        // Arrange
        var app = (await environments.Prod(TestContext.Current.CancellationToken)).Application;

        // Act
        var rules = Assert.Single(app.OfType("AWS::Backup::BackupPlan")).Resource["Properties"]!["BackupPlan"]!["BackupPlanRule"]!.AsArray()
            .ToDictionary(r => r!["RuleName"]!.GetValue<string>(), r => (Schedule: r!["ScheduleExpression"]!.GetValue<string>(), Days: r["Lifecycle"]!["DeleteAfterDays"]!.GetValue<int>()));

        // Assert
        Assert.Equal(("cron(0 3 * * ? *)", 35), rules["Daily"]);
        Assert.Equal(("cron(0 4 1 * ? *)", 365), rules["Monthly"]);
        Assert.Equal(2, rules.Count);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithACopyRegionEveryRuleCopiesIntoThatRegionsVaultAndKeepsTheCopyAsLong()
    {
        // Arrange
        var synthesized = await environments.Alternatives(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var rule = Assert.Single(Assert.Single(app.OfType("AWS::Backup::BackupPlan")).Resource["Properties"]!["BackupPlan"]!["BackupPlanRule"]!.AsArray())!;
        var copy = Assert.Single(rule["CopyActions"]!.AsArray())!;

        // Assert: the vault by its fixed name in the copy region, no reference across regions.
        Assert.Equal(synthesized.Settings.DailyBackupRetentionDays, copy["Lifecycle"]!["DeleteAfterDays"]!.GetValue<int>());
        Assert.Equal(
            $$"""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":backup:{{SynthesizedEnvironments.BackupCopyRegion}}:",{"Ref":"AWS::AccountId"},":backup-vault:identitye2e-dev-copy"]]}""",
            copy["DestinationBackupVaultArn"]!.ToJsonString());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheCopyRegionsStackHoldsARetainedVaultOfThatNameEncryptedWithAKeyOfItsOwn()
    {
        // Arrange
        var synthesized = await environments.Alternatives(TestContext.Current.CancellationToken);

        // Act
        var copyStack = new StackTemplate(synthesized.Result.BackupCopyTemplatePath!);
        var vault = Assert.Single(copyStack.OfType("AWS::Backup::BackupVault")).Resource;
        var key = Assert.Single(copyStack.OfType("AWS::KMS::Key"));

        // Assert
        Assert.Equal("identitye2e-dev-copy", vault["Properties"]!["BackupVaultName"]!.GetValue<string>());
        Assert.Equal(key.LogicalId, vault["Properties"]!["EncryptionKeyArn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal(("Retain", "Retain"), (vault["DeletionPolicy"]!.GetValue<string>(), key.Resource["DeletionPolicy"]!.GetValue<string>()));
        Assert.True(key.Resource["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        var assembly = JsonNode.Parse(File.ReadAllText(Path.Combine(synthesized.Result.OutputDirectory, "manifest.json")))!;
        Assert.Equal($"aws://unknown-account/{SynthesizedEnvironments.BackupCopyRegion}", assembly["artifacts"]!["IdentityE2E-dev-backup-copy"]!["environment"]!.GetValue<string>());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task WithoutACopyRegionNothingIsCopiedAndNoCopyStackIsMade()
    {
        // Arrange
        var synthesized = await environments.Prod(TestContext.Current.CancellationToken);

        // Act
        var rules = Assert.Single(synthesized.Application.OfType("AWS::Backup::BackupPlan")).Resource["Properties"]!["BackupPlan"]!["BackupPlanRule"]!.AsArray();

        // Assert
        Assert.All(rules, rule => Assert.Null(rule!["CopyActions"]));
        Assert.Null(synthesized.Result.BackupCopyTemplatePath);
        Assert.False(File.Exists(synthesized.Result.TemplatePath("IdentityE2E-prod-backup-copy")));
    }
}
