// What one run measured over its window.
namespace FastLb.Bench.Health;

public sealed record RunResult(string Name, ProbeCounts Checks, TimeSpan Wall, TimeSpan Cpu, double MachineBusyFraction)
{
    public double ChecksPerSecond => Checks.Total / Wall.TotalSeconds;

    /// <summary>Process CPU as a share of one core (1.0 = one core fully busy).</summary>
    public double CoreFraction => Cpu / Wall;

    public double CpuMicrosPerCheck => Checks.Total == 0 ? double.NaN : Cpu.TotalMicroseconds / Checks.Total;

    public static RunResult Between(string name, ProbeCounts before, ProbeCounts after, CpuSample start, CpuSample end)
    {
        var wall = TimeSpan.FromSeconds((end.Timestamp - start.Timestamp) / (double)System.Diagnostics.Stopwatch.Frequency);
        var total = end.MachineTotalTicks - start.MachineTotalTicks;
        var busy = total == 0 ? 0 : (end.MachineBusyTicks - start.MachineBusyTicks) / (double)total;
        return new RunResult(name, after - before, wall, end.Process - start.Process, busy);
    }
}
