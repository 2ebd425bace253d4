namespace IdentityE2E.Tests.Infrastructure;

/// <summary>
/// A stand-in for the <c>aws</c> executable in a folder of its own, for <c>AWS:Cli</c>: it records each command line in
/// calls.log and answers the four commands the AppHost's AWS mode runs with canned JSON, as a real account would.
/// </summary>
public sealed class FakeAwsCli : IDisposable
{
    private const string Script = """
        #!/bin/sh
        here=$(dirname "$0")
        echo "$*" >> "$here/calls.log"
        case "$1 $2" in
        "sts get-caller-identity")
          {STS}
          ;;
        "cloudformation deploy")
          touch "$here/deployed"
          # A deployment takes a while; the AppHost streams the stack's events meanwhile.
          sleep 2
          printf '\nWaiting for changeset to be created..\nWaiting for stack create/update to complete\nSuccessfully created/updated stack - %s\n' "$4"
          ;;
        "cloudformation describe-stack-events")
          if [ -f "$here/deployed" ]; then cat "$here/events.json"; else
            echo "An error occurred (ValidationError) when calling the DescribeStackEvents operation: Stack with id $4 does not exist" >&2; exit 254; fi
          ;;
        "cloudformation describe-stacks")
          cat "$here/stacks.json"
          ;;
        *)
          echo "fake aws: unexpected command: $*" >&2; exit 2
          ;;
        esac
        """;

    private const string SignedIn = """echo '{"UserId":"AROAFAKE:alice","Account":"123456789012","Arn":"arn:aws:sts::123456789012:assumed-role/Developer/alice"}'""";

    private const string Expired = """echo "Error when retrieving token from sso: Token has expired and refresh failed" >&2; exit 255""";

    private FakeAwsCli(string folder) => Folder = folder;

    public string Folder { get; }

    public string Executable => Path.Combine(Folder, "aws");

    /// <summary>Every command line the AppHost ran, in order.</summary>
    public IReadOnlyList<string> Calls => File.Exists(Path.Combine(Folder, "calls.log")) ? File.ReadAllLines(Path.Combine(Folder, "calls.log")) : [];

    /// <summary>The physical name the stack's outputs give a table of the model.</summary>
    public static string PhysicalName(string stack, string logicalId) => $"{stack}-{logicalId}-FAKE1234";

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static FakeAwsCli Create(string stack, bool credentialsExpired)
    {
        var folder = Directory.CreateTempSubdirectory("fake-aws-").FullName;
        var executable = Path.Combine(folder, "aws");
        File.WriteAllText(executable, Script.Replace("{STS}", credentialsExpired ? Expired : SignedIn, StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(folder, "events.json"), $$"""
            {"StackEvents":[
              {"EventId":"e4","StackName":"{{stack}}","Timestamp":"2026-12-01T12:00:31.000Z","LogicalResourceId":"{{stack}}","ResourceType":"AWS::CloudFormation::Stack","ResourceStatus":"CREATE_COMPLETE"},
              {"EventId":"e3","StackName":"{{stack}}","Timestamp":"2026-12-01T12:00:30.000Z","LogicalResourceId":"IdentitiesTable","ResourceType":"AWS::DynamoDB::Table","ResourceStatus":"CREATE_COMPLETE"},
              {"EventId":"e2","StackName":"{{stack}}","Timestamp":"2026-12-01T12:00:02.000Z","LogicalResourceId":"IdentitiesTable","ResourceType":"AWS::DynamoDB::Table","ResourceStatus":"CREATE_IN_PROGRESS","ResourceStatusReason":"Resource creation Initiated"},
              {"EventId":"e1","StackName":"{{stack}}","Timestamp":"2026-12-01T12:00:00.000Z","LogicalResourceId":"{{stack}}","ResourceType":"AWS::CloudFormation::Stack","ResourceStatus":"CREATE_IN_PROGRESS","ResourceStatusReason":"User Initiated"}
            ]}
            """);
        File.WriteAllText(Path.Combine(folder, "stacks.json"), $$"""
            {"Stacks":[{"StackName":"{{stack}}","StackStatus":"CREATE_COMPLETE","Outputs":[
              {"OutputKey":"IdentitiesTableName","OutputValue":"{{PhysicalName(stack, "IdentitiesTable")}}"},
              {"OutputKey":"KeyringTableName","OutputValue":"{{PhysicalName(stack, "KeyringTable")}}"}
            ]}]}
            """);
        return new FakeAwsCli(folder);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
