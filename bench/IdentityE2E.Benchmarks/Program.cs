using System.Globalization;
using IdentityE2E.Benchmarks;

var options = BenchOptions.Parse(args);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var report = new Report(options);
await new BenchmarkRun(options, report).RunAsync(cancellation.Token);
var markdown = report.ToMarkdown();
Console.WriteLine();
Console.WriteLine(markdown);
await File.WriteAllTextAsync(options.MarkdownPath, markdown, cancellation.Token);
await File.WriteAllTextAsync(options.JsonPath, report.ToJson(), cancellation.Token);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Written {options.JsonPath} and {options.MarkdownPath}"));
