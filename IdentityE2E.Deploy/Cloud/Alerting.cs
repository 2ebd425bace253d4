using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The environment's one alarm topic: encrypted with the operations key, reachable only over TLS, and
/// e-mailing the addresses of <c>alarmEmails</c>. Every alarm of the stack goes through <see cref="Watch"/>.
/// </summary>
internal sealed class Alerting : Construct
{
    private readonly SnsAction notify;
    private readonly List<Alarm> alarms = [];

    public Alerting(Construct scope, string id, EnvironmentSettings settings, Key operationsKey) : base(scope, id)
    {
        Topic = new Topic(this, "Topic", new TopicProps
        {
            DisplayName = $"{Naming.Application} {settings.Name} alarms",
            MasterKey = operationsKey,
            // A topic policy that denies publishing and subscribing without TLS (aws:SecureTransport).
            EnforceSSL = true,
        });

        // With a topic policy in place SNS no longer applies its default owner-only policy, so CloudWatch
        // needs its own statement; the conditions keep it to this account's alarms.
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsOfThisAccountPublish",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = $"arn:{Aws.PARTITION}:cloudwatch:{Aws.REGION}:{Aws.ACCOUNT_ID}:alarm:*" },
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
            },
        }));

        // An alarm publishing to an encrypted topic makes SNS ask KMS for a data key in CloudWatch's name;
        // without this statement the alarm changes state and no message ever leaves (the statement AWS
        // documents for CloudWatch and encrypted topics).
        operationsKey.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsPublishToTheEncryptedAlarmTopic",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
        }));

        foreach (var address in settings.AlarmEmails)
        {
            Topic.AddSubscription(new EmailSubscription(address));
        }

        notify = new SnsAction(Topic);
    }

    public Topic Topic { get; }

    /// <summary>Every alarm watched so far, in the order they were created.</summary>
    public IReadOnlyList<Alarm> Alarms => alarms;

    /// <summary>Notifies the topic when the alarm fires and again when it clears.</summary>
    public Alarm Watch(Alarm alarm)
    {
        alarm.AddAlarmAction(notify);
        alarm.AddOkAction(notify);
        alarms.Add(alarm);
        return alarm;
    }
}
