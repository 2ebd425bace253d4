using System.Text.RegularExpressions;

namespace IdentityE2E.Deploy.Planning;

/// <summary>
/// What <c>cdk diff</c> said about one stack: its output, and the resource lines counted (<c>[+]</c> added, <c>[~]</c> changed,
/// <c>[-]</c> removed; a changed line ending in "replace" is a replacement). Null <see cref="Output"/>: the diff did not run.
/// </summary>
internal sealed partial record StackDiff(string Stack, string Command, string? Output, string? Problem = null)
{
    /// <summary>The diff from its <c>Stack ...</c> line on: without the assembly's informational annotations printed before it.</summary>
    public string? Body => Output is null ? null
        : Output.IndexOf("Stack ", StringComparison.Ordinal) is var start and >= 0 && (start == 0 || Output[start - 1] == '\n') ? Output[start..] : Output;

    public int Added => Count('+');

    public int Changed => Count('~');

    public int Removed => Count('-');

    public int Replaced => Output is null ? 0 : ResourceLine().Matches(Output).Count(m => m.Groups["sign"].Value == "~" && ReplaceSuffix().IsMatch(m.Value));

    /// <summary>IAM statements, policies or security group rules change: the kind of change a reviewer reads twice.</summary>
    public bool ChangesSecurity => Output is not null
        && (Output.Contains("IAM Statement Changes", StringComparison.Ordinal) || Output.Contains("IAM Policy Changes", StringComparison.Ordinal) || Output.Contains("Security Group Changes", StringComparison.Ordinal));

    public bool HasNoDifferences => Output is not null && Added + Changed + Removed == 0;

    private int Count(char sign) => Output is null ? 0 : ResourceLine().Matches(Output).Count(m => m.Groups["sign"].Value[0] == sign);

    [GeneratedRegex(@"^\[(?<sign>[+~-])\] AWS::\S+.*$", RegexOptions.Multiline)]
    private static partial Regex ResourceLine();

    [GeneratedRegex(@"\b(may )?replace\s*$")]
    private static partial Regex ReplaceSuffix();
}
