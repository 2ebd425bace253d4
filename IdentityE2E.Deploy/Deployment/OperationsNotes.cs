using System.Text.Json.Nodes;
using IdentityE2E.Deploy.Cloud;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>The stack outputs of a deploy, from the file <c>cdk deploy --outputs-file</c> writes.</summary>
internal static class StackOutputs
{
    public static IReadOnlyDictionary<string, string> Read(string outputsFile) =>
        File.Exists(outputsFile) && JsonNode.Parse(File.ReadAllText(outputsFile)) is JsonObject stacks
            ? stacks.Select(stack => stack.Value).OfType<JsonObject>()
                .SelectMany(outputs => outputs)
                .Where(output => output.Value is JsonValue)
                .GroupBy(output => output.Key)
                .ToDictionary(group => group.Key, group => group.First().Value!.GetValue<string>())
            : new Dictionary<string, string>();
}

/// <summary>
/// What deploy prints about operating the environment: where the dashboard is, who the alarms reach,
/// and, when an existing trail records the tables, the selector its owner has to add.
/// </summary>
internal static class OperationsNotes
{
    public static IEnumerable<string> Lines(IReadOnlyDictionary<string, string> outputs, EnvironmentSettings settings)
    {
        if (outputs.TryGetValue(ApplicationStack.DashboardUrlOutput, out var dashboard))
        {
            yield return $"Dashboard: {dashboard}";
        }

        yield return settings.AlarmEmails.Count == 0
            ? $"Alarms e-mail nobody: add addresses to \"alarmEmails\" in deploy/environments/{settings.Name}.json to be told when one fires."
            : $"Alarms e-mail {string.Join(", ", settings.AlarmEmails)}; each address first gets a confirmation e-mail from AWS Notifications and receives alarms only once its link is followed.";

        if (settings.CloudTrailName is { } trail && outputs.TryGetValue(ApplicationStack.TableDataEventSelectorOutput, out var selector))
        {
            // The tool never writes to a trail it did not make: an organization trail can only be changed
            // from the management account, and put-event-selectors replaces every selector at once.
            yield return $"Audit: trail {trail} records the tables' data events only once its owner adds this selector (for an organization trail, from the management account):";
            yield return $"  aws cloudtrail get-event-selectors --trail-name {trail}";
            yield return $"  aws cloudtrail put-event-selectors --trail-name {trail} --advanced-event-selectors '[<the advanced selectors get-event-selectors printed>, {selector}]'";
            yield return "  put-event-selectors replaces every selector of the trail, so keep the existing ones in that list.";
        }
    }
}
