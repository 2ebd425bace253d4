using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Tests.Support;

namespace IdentityE2E.Deploy.Tests.Templates;

public sealed class AlertingTests(SynthesizedEnvironments environments)
{
    /// <summary>The metric names an alarm watches, whether it has one metric or a metric-math expression.</summary>
    internal static List<string> MetricNamesOf(JsonObject alarm)
    {
        var properties = alarm["Properties"]!;
        return properties["MetricName"] is { } single
            ? [single.GetValue<string>()]
            : [.. properties["Metrics"]!.AsArray().Select(m => m!["MetricStat"]?["Metric"]?["MetricName"]?.GetValue<string>()).OfType<string>()];
    }

    /// <summary>The alarms whose logical id starts with a service's or table's name (CDK prefixes them).</summary>
    internal static List<(string LogicalId, JsonObject Alarm)> AlarmsOf(StackTemplate app, string prefix) =>
        [.. app.OfType("AWS::CloudWatch::Alarm").Where(a => a.LogicalId.StartsWith(prefix, StringComparison.Ordinal))];

    private static string TopicOf(StackTemplate app) => Assert.Single(app.OfType("AWS::SNS::Topic")).LogicalId;

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheAlarmTopicIsEncryptedWithTheOperationsKeyAndRefusesRequestsWithoutTls()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var topic = TopicOf(app);

        // Act
        var key = app.Resource(topic)["Properties"]!["KmsMasterKeyId"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        var statements = Assert.Single(app.OfType("AWS::SNS::TopicPolicy")).Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();

        // Assert
        Assert.StartsWith("OperationsKey", key, StringComparison.Ordinal);
        Assert.Contains(statements, s => s!["Effect"]!.GetValue<string>() == "Deny" && s["Condition"]?["Bool"]?["aws:SecureTransport"]?.GetValue<string>() == "false");
        var publish = Assert.Single(statements, s => s!["Effect"]!.GetValue<string>() == "Allow");
        Assert.Equal("cloudwatch.amazonaws.com", publish!["Principal"]!["Service"]!.GetValue<string>());
        Assert.NotNull(publish["Condition"]!["StringEquals"]!["aws:SourceAccount"]);
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheOperationsKeyLetsCloudWatchAlarmsPublishToTheEncryptedTopic()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var key = app.Resource(app.LogicalIdOf("AWS::KMS::Key", "OperationsKey"));

        // Act
        var statements = key["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray();

        // Assert
        var cloudWatch = Assert.Single(statements, s => s!["Principal"]?["Service"]?.ToJsonString() == "\"cloudwatch.amazonaws.com\"");
        Assert.Equal(["kms:Decrypt", "kms:GenerateDataKey*"], cloudWatch!["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryAlarmEmailBecomesASubscriptionOfTheTopicAndNoneByDefault()
    {
        // Arrange
        var cancellation = TestContext.Current.CancellationToken;
        var dev = (await environments.Dev(cancellation)).Application;
        var alternatives = (await environments.Alternatives(cancellation)).Application;

        // Act
        var subscriptions = alternatives.OfType("AWS::SNS::Subscription").Select(s => s.Resource["Properties"]!).ToList();

        // Assert
        Assert.Empty(dev.OfType("AWS::SNS::Subscription"));
        Assert.Equal(SynthesizedEnvironments.AlarmEmails.Order(), subscriptions.Select(s => s["Endpoint"]!.GetValue<string>()).Order());
        Assert.All(subscriptions, s =>
        {
            Assert.Equal("email", s["Protocol"]!.GetValue<string>());
            Assert.Equal(TopicOf(alternatives), s["TopicArn"]!["Ref"]!.GetValue<string>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryAlarmNotifiesTheTopicWhenItFiresAndWhenItClears()
    {
        // Arrange
        var cancellation = TestContext.Current.CancellationToken;
        var apps = new[] { (await environments.Dev(cancellation)).Application, (await environments.ThreeProjects(cancellation)).Application };

        // Act
        var alarms = apps.SelectMany(app => app.OfType("AWS::CloudWatch::Alarm").Select(a => (Topic: TopicOf(app), Properties: a.Resource["Properties"]!))).ToList();

        // Assert
        Assert.NotEmpty(alarms);
        Assert.All(alarms, alarm =>
        {
            Assert.Equal(alarm.Topic, Assert.Single(alarm.Properties["AlarmActions"]!.AsArray())!["Ref"]!.GetValue<string>());
            Assert.Equal(alarm.Topic, Assert.Single(alarm.Properties["OKActions"]!.AsArray())!["Ref"]!.GetValue<string>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryServiceHasAnAlarmForRunningFewerTasksThanItsMinimum()
    {
        // Arrange
        var synthesized = await environments.ThreeProjects(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var alarms = synthesized.Model.Services.ToDictionary(s => s.Name, s => AlarmsOf(app, s.Name).Single(a => MetricNamesOf(a.Alarm).SequenceEqual(["RunningTaskCount"])).Alarm["Properties"]!);

        // Assert
        Assert.All(alarms, alarm =>
        {
            Assert.Equal("ECS/ContainerInsights", alarm.Value["Namespace"]!.GetValue<string>());
            Assert.Equal(synthesized.Settings.MinTasks, alarm.Value["Threshold"]!.GetValue<int>());
            Assert.Equal("LessThanThreshold", alarm.Value["ComparisonOperator"]!.GetValue<string>());
            var service = alarm.Value["Dimensions"]!.AsArray().Single(d => d!["Name"]!.GetValue<string>() == "ServiceName")!["Value"]!["Fn::GetAtt"]!;
            Assert.Equal(app.LogicalIdOf("AWS::ECS::Service", $"{alarm.Key}Service"), service[0]!.GetValue<string>());
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryPublicServiceHasErrorRateUnhealthyHostAndLatencyAlarmsOnBothTargetGroups()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var alarms = synthesized.Model.PublicServices.ToDictionary(s => s.Name, s => AlarmsOf(app, s.Name).Select(a => MetricNamesOf(a.Alarm)).ToList());

        // Assert
        Assert.NotEmpty(alarms);
        Assert.All(alarms.Values, service =>
        {
            Assert.Contains(service, names => names.Order().SequenceEqual(["HTTPCode_Target_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount", "RequestCount"]));
            Assert.Contains(service, names => names.SequenceEqual(["UnHealthyHostCount", "UnHealthyHostCount"]));
            Assert.Contains(service, names => names.SequenceEqual(["TargetResponseTime", "TargetResponseTime"]));
        });
        var latency = app.OfType("AWS::CloudWatch::Alarm").Single(a => MetricNamesOf(a.Resource).Contains("TargetResponseTime")).Resource["Properties"]!;
        Assert.All(latency["Metrics"]!.AsArray().Where(m => m!["MetricStat"] is not null), m => Assert.Equal("p99", m!["MetricStat"]!["Stat"]!.GetValue<string>()));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task InternalServicesHaveOnlyTheirRunningTasksAlarm()
    {
        // Arrange
        var synthesized = await environments.ThreeProjects(TestContext.Current.CancellationToken);
        var internalServices = synthesized.Model.Services.Where(s => !s.IsPublic).ToList();

        // Act
        var alarms = internalServices.Select(s => AlarmsOf(synthesized.Application, s.Name)).ToList();

        // Assert
        Assert.NotEmpty(internalServices);
        Assert.All(alarms, service => Assert.Equal(["RunningTaskCount"], MetricNamesOf(Assert.Single(service).Alarm)));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task EveryTableHasThrottleAndSystemErrorAlarms()
    {
        // Arrange
        var synthesized = await environments.Dev(TestContext.Current.CancellationToken);
        var app = synthesized.Application;

        // Act
        var alarms = synthesized.Model.Tables.ToDictionary(t => t.Name, t => AlarmsOf(app, $"TableAlarms{t.Name}").Select(a => MetricNamesOf(a.Alarm)).ToList());

        // Assert
        Assert.NotEmpty(alarms);
        Assert.All(alarms.Values, table =>
        {
            Assert.Equal(2, table.Count);
            Assert.Contains(table, names => names.Order().SequenceEqual(["ReadThrottleEvents", "WriteThrottleEvents"]));
            Assert.Contains(table, names => names.Count == TableAlarms.Operations.Length && names.All(n => n == "SystemErrors"));
        });
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheDashboardIsNamedForTheEnvironmentAndShowsEveryAlarm()
    {
        // Arrange
        var app = (await environments.Dev(TestContext.Current.CancellationToken)).Application;
        var alarms = app.OfType("AWS::CloudWatch::Alarm").Select(a => a.LogicalId).ToList();

        // Act
        var dashboard = Assert.Single(app.OfType("AWS::CloudWatch::Dashboard")).Resource["Properties"]!;
        var body = dashboard["DashboardBody"]!.ToJsonString();

        // Assert
        Assert.Equal("identitye2e-dev", dashboard["DashboardName"]!.GetValue<string>());
        Assert.All(alarms, alarm => Assert.Contains($"\"Fn::GetAtt\":[\"{alarm}\",\"Arn\"]", body, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Synthesis)]
    public async Task TheDashboardsConsoleUrlIsAStackOutput()
    {
        // Arrange
        var synthesized = await environments.Prod(TestContext.Current.CancellationToken);

        // Act
        var url = synthesized.Application.Json["Outputs"]![ApplicationStack.DashboardUrlOutput]!["Value"]!.GetValue<string>();

        // Assert
        Assert.Equal("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=identitye2e-prod", url);
    }
}
