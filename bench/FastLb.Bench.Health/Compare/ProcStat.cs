// CPU time of any process from /proc/PID/stat (utime + stime), and the load average.
using System.Globalization;
using System.Runtime.InteropServices;

namespace FastLb.Bench.Health.Compare;

public static partial class ProcStat
{
    private static readonly long TicksPerSecond = SysConf(2); // _SC_CLK_TCK

    /// <summary>User plus system CPU time of <paramref name="pid"/> so far.</summary>
    public static TimeSpan Cpu(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may hold spaces: fields count from after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / (double)TicksPerSecond);
    }

    /// <summary>The 1-minute load average.</summary>
    public static double Load1() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
