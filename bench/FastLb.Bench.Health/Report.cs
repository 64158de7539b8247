// Renders the three runs side by side as markdown.
using System.Globalization;
using System.Text;
using FastLb.Model;

namespace FastLb.Bench.Health;

public static class Report
{
    public static string Render(BenchOptions options, MachineInfo machine, string command, DateTimeOffset when, IReadOnlyList<RunResult> runs, long accepted)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"# Health scheduler benchmark{(options.Smoke ? " (smoke)" : "")}");
        sb.AppendLine();
        sb.AppendLine(c, $"- date: {when:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(c, $"- kernel: {machine.Kernel}; CPU: {machine.CpuModel}, {machine.Cores} cores; {machine.Runtime}");
        sb.AppendLine(c, $"- command: `{command}`");
        sb.AppendLine(c, $"- {options.Targets:N0} distinct {ConfigNames<CheckType>.Of(options.Type)} targets over {options.Listeners} listeners on 127.0.0.1; interval {options.Interval.TotalSeconds:0.###} s + jitter [0, {options.Jitter.TotalMilliseconds:0} ms), timeout 1 s");
        sb.AppendLine(c, $"- wanted: {options.WantedRate:N0} checks/s (targets / (interval + mean jitter)); concurrency {options.Concurrency}");
        sb.AppendLine(c, $"- each run: {options.WarmupSeconds} s warm-up (not counted), then {options.Seconds} s measured");
        sb.AppendLine();
        sb.AppendLine("| run | checks/s | failed | process CPU (% of one core) | % of machine | CPU µs / check | machine busy (all processes) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            sb.AppendLine(c, $"| {r.Name} | {r.ChecksPerSecond:N0} | {r.Checks.Failed:N0} | {r.CoreFraction * 100:0.0} % | {r.CoreFraction * 100 / machine.Cores:0.0} % | {r.CpuMicrosPerCheck:0.0} | {r.MachineBusyFraction * 100:0} % |");
        }
        if (runs.Count > 1)
        {
            var (scheduler, baseline) = (runs[0], runs[1]);
            sb.AppendLine(c, $"| ratio A / B | {scheduler.ChecksPerSecond / baseline.ChecksPerSecond:0.00}× | | {scheduler.CoreFraction / baseline.CoreFraction:0.00}× | | {scheduler.CpuMicrosPerCheck / baseline.CpuMicrosPerCheck:0.00}× | |");
        }
        sb.AppendLine();
        sb.AppendLine(c, $"Connections accepted by the listeners over the whole program: {accepted:N0}.");
        return sb.ToString();
    }
}
