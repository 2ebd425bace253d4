using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace IdentityE2E.Tests.Hosting;

/// <summary>The AWS CLI commands the AWS mode builds and how it reads their answers, against a scripted CLI.</summary>
public sealed class DynamoDBAwsProvisionerTests
{
    private static readonly DynamoDBAwsOptions Options = new(
        "dev", "eu-west-1", "aws", "identitye2e-local-alice", new Dictionary<string, string>(), null, false, TimeSpan.FromMilliseconds(10));

    [Fact]
    public void EveryCommandCarriesTheProfileTheRegionAndJsonOutput()
    {
        // Arrange
        var commands = new AwsCliCommands("dev", "eu-west-1");

        // Act and Assert
        Assert.Equal("sts get-caller-identity --profile dev --region eu-west-1 --output json", string.Join(' ', commands.GetCallerIdentity()));
        Assert.Equal(
            "cloudformation deploy --stack-name s --template-file /tmp/s.json --no-fail-on-empty-changeset --tags project=IdentityE2E purpose=local-development --profile dev --region eu-west-1 --output json",
            string.Join(' ', commands.Deploy("s", "/tmp/s.json")));
        Assert.Equal("cloudformation describe-stack-events --stack-name s --profile dev --region eu-west-1 --output json", string.Join(' ', commands.DescribeStackEvents("s")));
        Assert.Equal("cloudformation describe-stacks --stack-name s --profile dev --region eu-west-1 --output json", string.Join(' ', commands.DescribeStacks("s")));
        Assert.Equal("dynamodb describe-table --table-name t --profile dev --region eu-west-1 --output json", string.Join(' ', commands.DescribeTable("t")));
        Assert.Equal("aws cloudformation delete-stack --stack-name s --profile dev --region eu-west-1", commands.DeleteStackCommandLine("s"));
    }

    [Fact]
    public async Task ExpiredCredentialsSayWhichCommandSignsIn()
    {
        // Arrange
        var cli = new ScriptedCli { ["sts get-caller-identity"] = new(255, "", "Error when retrieving token from sso: Token has expired and refresh failed\n") };
        var provisioner = new DynamoDBAwsProvisioner(cli, Options, new LineLogger());

        // Act
        var error = await Assert.ThrowsAsync<AwsModeException>(() => provisioner.CheckCredentialsAsync(TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("AWS profile 'dev' has no valid credentials (Error when retrieving token from sso: Token has expired and refresh failed).", error.Problem);
        Assert.Contains("aws sso login --profile dev", error.Action, StringComparison.Ordinal);
        Assert.Contains("aws configure sso --profile dev", error.Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnchangedStackIsSuccessAndItsOutputsNameTheTables()
    {
        // Arrange
        var cli = new ScriptedCli
        {
            ["cloudformation describe-stack-events"] = new(0, """{"StackEvents":[{"EventId":"old","LogicalResourceId":"IdentitiesTable","ResourceStatus":"CREATE_COMPLETE"}]}""", ""),
            ["cloudformation deploy"] = new(0, "\nNo changes to deploy. Stack identitye2e-local-alice is up to date\n", ""),
            ["cloudformation describe-stacks"] = new(0, """{"Stacks":[{"Outputs":[{"OutputKey":"IdentitiesTableName","OutputValue":"identitye2e-local-alice-IdentitiesTable-1A2B"}]}]}""", ""),
        };
        var log = new LineLogger();
        var plan = new DynamoDBAwsPlan("identitye2e-local-alice", new Dictionary<string, string>());

        // Act
        var names = await new DynamoDBAwsProvisioner(cli, Options, log).ResolveTablesAsync(plan, [Table("identities")], TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("identitye2e-local-alice-IdentitiesTable-1A2B", names["identities"]);
        Assert.DoesNotContain(log.Lines, line => line.Contains("CREATE_COMPLETE", StringComparison.Ordinal)); // an earlier deployment's event
        var deploy = Assert.Single(cli.Calls, call => call.StartsWith("cloudformation deploy", StringComparison.Ordinal));
        Assert.Contains("--template-file " + Path.Combine(Path.GetTempPath(), "identitye2e", "identitye2e-local-alice.template.json"), deploy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedStackLogsItsFailureEventsAndSaysHowToDeleteIt()
    {
        // Arrange
        var cli = new ScriptedCli
        {
            ["cloudformation describe-stack-events"] = new(0, """
                {"StackEvents":[
                  {"EventId":"2","Timestamp":"2026-12-01T12:00:05Z","LogicalResourceId":"identitye2e-local-alice","ResourceStatus":"ROLLBACK_COMPLETE"},
                  {"EventId":"1","Timestamp":"2026-12-01T12:00:01Z","LogicalResourceId":"IdentitiesTable","ResourceStatus":"CREATE_FAILED","ResourceStatusReason":"User is not authorized to perform: dynamodb:CreateTable"}]}
                """, ""),
            ["cloudformation deploy"] = new(255, "", "\nFailed to create/update the stack. Run the following command\n"),
        };
        // The first answer is before the deployment: no stack yet, so no history.
        cli.First["cloudformation describe-stack-events"] = new(255, "", "Stack with id identitye2e-local-alice does not exist");
        var log = new LineLogger();
        var plan = new DynamoDBAwsPlan("identitye2e-local-alice", new Dictionary<string, string>());

        // Act
        var error = await Assert.ThrowsAsync<AwsModeException>(() =>
            new DynamoDBAwsProvisioner(cli, Options, log).ResolveTablesAsync(plan, [Table("identities")], TestContext.Current.CancellationToken));

        // Assert
        Assert.Equal("Stack identitye2e-local-alice did not deploy (Failed to create/update the stack. Run the following command).", error.Problem);
        Assert.Contains("aws cloudformation delete-stack --stack-name identitye2e-local-alice --profile dev --region eu-west-1", error.Action, StringComparison.Ordinal);
        Assert.Contains("Error: 12:00:01 IdentitiesTable CREATE_FAILED User is not authorized to perform: dynamodb:CreateTable", log.Lines);
    }

    [Fact]
    public async Task AnExistingTableThatIsNotThereFailsWithItsKey()
    {
        // Arrange
        var cli = new ScriptedCli { ["dynamodb describe-table"] = new(254, "", "An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found\n") };
        var plan = new DynamoDBAwsPlan(null, new Dictionary<string, string> { ["identities"] = "typo" });

        // Act
        var error = await Assert.ThrowsAsync<AwsModeException>(() =>
            new DynamoDBAwsProvisioner(cli, Options, new LineLogger()).ResolveTablesAsync(plan, [Table("identities")], TestContext.Current.CancellationToken));

        // Assert
        Assert.StartsWith("Table 'typo' (DynamoDB:Tables:identities) is not usable in eu-west-1 with profile 'dev'", error.Problem, StringComparison.Ordinal);
        Assert.Equal(["dynamodb describe-table --table-name typo --profile dev --region eu-west-1 --output json"], cli.Calls);
    }

    private static DynamoDBTableResource Table(string name) =>
        new(name, new DynamoDBResource("dynamodb"), new DynamoDBTableDefinition().WithPartitionKey("pk"));

    /// <summary>
    /// Answers each command by its first two words (with the answer in <see cref="First"/> the first time); a command it has
    /// no answer for fails as the CLI would.
    /// </summary>
    private sealed class ScriptedCli : Dictionary<string, AwsCliResult>, IAwsCli
    {
        public List<string> Calls { get; } = [];

        public Dictionary<string, AwsCliResult> First { get; } = [];

        public Task<AwsCliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(string.Join(' ', arguments));
            }

            var command = $"{arguments[0]} {arguments[1]}";
            if (First.Remove(command, out var first))
            {
                return Task.FromResult(first);
            }

            return Task.FromResult(TryGetValue(command, out var result) ? result : new AwsCliResult(255, "", "unexpected command"));
        }
    }

    /// <summary>The resource log as lines of "Level: message".</summary>
    private sealed class LineLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
