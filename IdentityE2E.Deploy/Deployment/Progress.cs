using System.Diagnostics;

namespace IdentityE2E.Deploy.Deployment;

/// <summary>
/// A spinner with the step's name and elapsed time on one line of a terminal, redrawn in place while a quiet step runs
/// (an image build, a stack lookup) and cleared when it ends. Streamed steps print their own output instead.
/// </summary>
internal sealed class Progress(TextWriter terminal)
{
    private static readonly string[] Frames = ["|", "/", "-", "\\"];

    /// <summary>A spinner on standard error when it is a terminal outside CI, else none (a log would fill with frames).</summary>
    public static Progress? ForConsole() =>
        Console.IsErrorRedirected || Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ? null : new Progress(Console.Error);

    public IDisposable Start(string title) => new Spinner(terminal, title.Length > 60 ? title[..57] + "..." : title);

    private sealed class Spinner : IDisposable
    {
        private readonly TextWriter terminal;
        private readonly string title;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Timer timer;
        private readonly Lock gate = new();
        private int frame;
        private bool stopped;

        public Spinner(TextWriter terminal, string title)
        {
            this.terminal = terminal;
            this.title = title;
            timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        }

        public void Dispose()
        {
            timer.Dispose();
            lock (gate)
            {
                stopped = true;
                terminal.Write($"\r{new string(' ', title.Length + 20)}\r");
                terminal.Flush();
            }
        }

        private void Draw()
        {
            lock (gate)
            {
                if (!stopped)
                {
                    terminal.Write($"\r      {Frames[frame++ % Frames.Length]} {title} {RunSummary.Duration(clock.Elapsed)}");
                    terminal.Flush();
                }
            }
        }
    }
}
