namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// One external command of a deploy. <see cref="SecretEnvironment"/> reaches the process but is never
/// printed: the display shows <c>***</c> in its place.
/// </summary>
internal sealed record PlannedCommand(string Program, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> SecretEnvironment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>What the process reads on standard input (a password for <c>--password-stdin</c>); shown as <c>***</c>.</summary>
    public string? SecretStandardInput { get; init; }

    /// <summary>The command as a shell line, for plans and progress.</summary>
    public string Display
    {
        get
        {
            var variables = Environment.Select(v => $"{v.Key}={Quote(v.Value)}")
                .Concat(SecretEnvironment.Keys.Select(key => $"{key}=***"));
            var line = string.Join(' ', variables.Append(Quote(Program)).Concat(Arguments.Select(Quote)));
            return SecretStandardInput is null ? line : $"{line} <<< ***";
        }
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@<>+%".Contains(c))
            ? value
            : $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
