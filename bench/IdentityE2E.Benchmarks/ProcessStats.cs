using System.Globalization;

namespace IdentityE2E.Benchmarks;

/// <summary>Resident memory now and at its peak, in MiB (VmRSS and VmHWM of /proc/&lt;pid&gt;/status).</summary>
internal sealed record ProcessMemory(double RssMiB, double PeakMiB);

/// <summary>What the kernel counts for a process: CPU time and resident memory (Linux /proc).</summary>
internal static class ProcessStats
{
    // Clock ticks per second of utime and stime: USER_HZ, 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan CpuTime(int pid)
    {
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15; fields[0] here is field 3.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public static ProcessMemory Memory(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double KiB(string key) => double.Parse(
            status.Single(line => line.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);
        return new ProcessMemory(KiB("VmRSS:") / 1024, KiB("VmHWM:") / 1024);
    }
}
