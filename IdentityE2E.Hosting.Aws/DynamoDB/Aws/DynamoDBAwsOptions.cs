using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Where DynamoDB runs in run mode: DynamoDB Local on this machine, or real tables in an AWS account.</summary>
public enum DynamoDBMode
{
    /// <summary>DynamoDB Local (<c>RunAsEmulator</c>); the default.</summary>
    Local,

    /// <summary>Real DynamoDB tables, reached with an AWS profile; <c>RunAsEmulator</c> does nothing.</summary>
    Aws,
}

/// <summary>
/// The settings of the AWS mode, read once from configuration when DynamoDB is added: <c>DynamoDB:Mode</c>,
/// <c>AWS:Profile</c>, <c>AWS:Region</c>, <c>AWS:Cli</c>, <c>DynamoDB:Stack</c>, <c>DynamoDB:Tables:&lt;table&gt;</c>,
/// <c>DynamoDB:KmsKeyId</c>, <c>DynamoDB:PointInTimeRecovery</c> and <c>DynamoDB:StackEventsInterval</c>.
/// </summary>
public sealed partial record DynamoDBAwsOptions(
    string Profile,
    string Region,
    string Cli,
    string Stack,
    IReadOnlyDictionary<string, string> Tables,
    string? KmsKeyId,
    bool PointInTimeRecovery,
    TimeSpan StackEventsInterval)
{
    public const string ModeKey = "DynamoDB:Mode";

    /// <summary>The mode <c>DynamoDB:Mode</c> names (<c>Local</c> when it is not set); anything else fails with the key.</summary>
    public static DynamoDBMode ModeOf(IConfiguration configuration) => configuration[ModeKey] switch
    {
        null or "" => DynamoDBMode.Local,
        var value when Enum.TryParse<DynamoDBMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) => mode,
        var value => throw new DistributedApplicationException($"{ModeKey} is '{value}'; use Local (DynamoDB Local, the default) or Aws (real tables with AWS:Profile and AWS:Region)."),
    };

    /// <summary>Reads the AWS mode's settings; a missing profile or region fails with its key.</summary>
    public static DynamoDBAwsOptions FromConfiguration(IConfiguration configuration, string userName)
    {
        var profile = Required(configuration, "AWS:Profile", "the AWS CLI profile to use, for example one made with 'aws configure sso --profile <name>'");
        var region = Required(configuration, "AWS:Region", "the region of the tables, for example eu-west-1");
        var stack = configuration["DynamoDB:Stack"] is { Length: > 0 } named ? named : DefaultStackName(userName);
        if (!StackName().IsMatch(stack))
        {
            throw new DistributedApplicationException($"DynamoDB:Stack is '{stack}'; a stack name starts with a letter and has only letters, digits and hyphens (at most 128).");
        }

        var tables = configuration.GetSection("DynamoDB:Tables").GetChildren()
            .Where(entry => !string.IsNullOrWhiteSpace(entry.Value))
            .ToDictionary(entry => entry.Key, entry => entry.Value!, StringComparer.Ordinal);
        return new DynamoDBAwsOptions(
            profile,
            region,
            configuration["AWS:Cli"] is { Length: > 0 } cli ? cli : "aws",
            stack,
            tables,
            configuration["DynamoDB:KmsKeyId"] is { Length: > 0 } key ? key : null,
            configuration.GetValue("DynamoDB:PointInTimeRecovery", false),
            configuration.GetValue("DynamoDB:StackEventsInterval", TimeSpan.FromSeconds(5)));
    }

    /// <summary><c>identitye2e-local-&lt;user&gt;</c>: one stack per developer, so that two of them never share tables.</summary>
    public static string DefaultStackName(string userName)
    {
        var user = NotStackCharacters().Replace(userName.ToLowerInvariant(), "-").Trim('-');
        return $"identitye2e-local-{(user.Length == 0 ? "dev" : user)}";
    }

    private static string Required(IConfiguration configuration, string key, string what) =>
        configuration[key] is { Length: > 0 } value
            ? value
            : throw new DistributedApplicationException($"{ModeKey}=Aws needs {key}: {what}.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackName();

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotStackCharacters();
}

/// <summary>
/// What the AWS mode does for the model's tables: use the existing tables <c>DynamoDB:Tables</c> names (every table
/// or none), or deploy them all in one CloudFormation stack.
/// </summary>
internal sealed record DynamoDBAwsPlan(string? Stack, IReadOnlyDictionary<string, string> ExistingTables)
{
    public static DynamoDBAwsPlan Decide(DynamoDBAwsOptions options, IReadOnlyCollection<string> tables)
    {
        if (options.Tables.Count == 0)
        {
            return new DynamoDBAwsPlan(options.Stack, new Dictionary<string, string>());
        }

        if (options.Tables.Keys.Except(tables, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            throw new DistributedApplicationException(
                $"DynamoDB:Tables:{unknown[0]} names no table of the model; its tables are {string.Join(", ", tables)}.");
        }

        if (tables.Except(options.Tables.Keys, StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
        {
            throw new DistributedApplicationException(
                $"DynamoDB:Tables names {string.Join(", ", options.Tables.Keys)} but not {string.Join(", ", missing)}: set DynamoDB:Tables:{missing[0]}=<table name> for every table, or name none and the AppHost deploys them in stack {options.Stack}.");
        }

        return new DynamoDBAwsPlan(null, options.Tables);
    }
}
