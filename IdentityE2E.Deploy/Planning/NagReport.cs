namespace IdentityE2E.Deploy.Planning;

/// <summary>One line of tools/nag-check.mjs: a finding (ERROR, WARN), an acknowledgement, or an acknowledgement that matched nothing.</summary>
internal sealed record NagLine(string Kind, string Rule, string Template, string Resource, string Text);

/// <summary>What the nag gate said about the synthesized templates, read from its output lines.</summary>
internal sealed record NagReport(bool Passed, IReadOnlyList<NagLine> Lines)
{
    public IEnumerable<NagLine> Errors => Lines.Where(line => line.Kind == "ERROR");

    public IEnumerable<NagLine> Warnings => Lines.Where(line => line.Kind is "WARN" or "WARNING");

    public IEnumerable<NagLine> Acknowledged => Lines.Where(line => line.Kind == "ACKNOWLEDGED");

    public IEnumerable<NagLine> Unused => Lines.Where(line => line.Kind == "UNUSED");

    /// <summary>Lines look like <c>ERROR AwsSolutions-S1 app.template.json Bucket: why</c>; anything else is not a finding.</summary>
    public static NagReport Parse(int exitCode, string output)
    {
        List<NagLine> lines = [];
        foreach (var raw in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = raw.IndexOf(": ", StringComparison.Ordinal);
            var head = (colon < 0 ? raw : raw[..colon]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length >= 3 && head[0] is "ERROR" or "WARN" or "WARNING" or "ACKNOWLEDGED" or "UNUSED")
            {
                lines.Add(new NagLine(head[0], head[1], head[2], head.Length > 3 ? string.Join(' ', head[3..]) : string.Empty, colon < 0 ? string.Empty : raw[(colon + 2)..]));
            }
        }

        return new NagReport(exitCode == 0 && output.Contains("nag-check: passed", StringComparison.Ordinal), lines);
    }
}
