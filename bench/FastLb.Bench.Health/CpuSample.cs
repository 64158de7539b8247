// A point-in-time reading of this process's CPU time, the whole machine's CPU time and the wall clock.
using System.Diagnostics;

namespace FastLb.Bench.Health;

public readonly record struct CpuSample(TimeSpan Process, long MachineBusyTicks, long MachineTotalTicks, long Timestamp)
{
    public static CpuSample Take()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var (busy, total) = ReadProcStat();
        return new CpuSample(self.TotalProcessorTime, busy, total, Stopwatch.GetTimestamp());
    }

    /// <summary>Busy and total jiffies of all CPUs from the first line of /proc/stat (busy = all but idle and iowait).</summary>
    private static (long Busy, long Total) ReadProcStat()
    {
        using var reader = new StreamReader("/proc/stat");
        var line = reader.ReadLine() ?? throw new InvalidOperationException("/proc/stat is empty");
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            throw new InvalidOperationException($"unexpected first line of /proc/stat: '{line}'");
        }
        long total = 0;
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            total += long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture);
        }
        var idle = long.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture)
            + (fields.Length > 5 ? long.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture) : 0);
        return (total - idle, total);
    }
}
