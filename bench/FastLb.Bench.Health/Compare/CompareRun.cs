// Runs every phase of `haproxy-compare`: per target count one nginx, per check kind FastLb then HAProxy.
using System.Diagnostics;
using System.Net;

namespace FastLb.Bench.Health.Compare;

public static class CompareRun
{
    public static async Task<IReadOnlyList<PhaseResult>> RunAsync(CompareOptions options, TextWriter progress)
    {
        var results = new List<PhaseResult>();
        foreach (var count in options.Targets)
        {
            var targets = TargetLayout.EndPoints(count, options.PortBase, options.PortsPerAddress);
            var status = new IPEndPoint(IPAddress.Parse("127.0.1.250"), options.PortBase);
            using var nginx = NginxFarm.Start(targets, status);
            using var syns = SynCounter.Start(options.PortBase, options.PortBase + Math.Min(count, options.PortsPerAddress) - 1);
            foreach (var kind in options.Kinds)
            {
                results.Add(await FastLbPhaseAsync(options, kind, targets, nginx, syns).ConfigureAwait(false));
                progress.WriteLine(Line(results[^1]));
                await Settle().ConfigureAwait(false);
                if (!options.FastLbOnly)
                {
                    results.Add(await HaproxyPhaseAsync(options, kind, targets, nginx, syns).ConfigureAwait(false));
                    progress.WriteLine(Line(results[^1]));
                    await Settle().ConfigureAwait(false);
                }
            }
        }
        return results;
    }

    private static Task<PhaseResult> FastLbPhaseAsync(CompareOptions options, string kind, IReadOnlyList<IPEndPoint> targets, NginxFarm nginx, SynCounter syns) =>
        MeasureAsync(options, kind, targets, nginx.Pids, Checks(kind, nginx, syns));

    /// <summary>
    /// Checks done, counted outside both checkers: http requests nginx served (a kept connection
    /// carries many checks, so SYNs would undercount), or SYNs to the targets for tcp.
    /// </summary>
    private static Func<long> Checks(string kind, NginxFarm nginx, SynCounter syns) =>
        kind == "http" ? nginx.Requests : syns.Read;

    /// <summary>
    /// FastLb's checker alone over one window. <paramref name="serverPid"/> (the targets' server,
    /// for its CPU) and <paramref name="attempts"/> (connection attempts counted outside) are
    /// optional: without them the server's CPU reads 0 and checks/s come from FastLb's own count.
    /// </summary>
    public static Task<PhaseResult> MeasureFastLbAsync(CompareOptions options, string kind, IReadOnlyList<IPEndPoint> targets, int? serverPid, Func<long>? attempts) =>
        MeasureAsync(options, kind, targets, serverPid is { } pid ? [pid] : [], attempts);

    private static async Task<PhaseResult> MeasureAsync(CompareOptions options, string kind, IReadOnlyList<IPEndPoint> targets, IReadOnlyList<int> serverPids, Func<long>? attempts)
    {
        var lateness = new LatenessRecorder(targets.Count * (options.Seconds + 5) * 2);
        var checker = FastLbChecker.Start(kind, targets, options.Interval, options.Timeout, lateness);
        await using (checker.ConfigureAwait(false))
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds)).ConfigureAwait(false);
            var before = checker.Counts();
            lateness.Start();
            var window = await WindowAsync(options, Environment.ProcessId, serverPids, attempts ?? (() => Total(checker.Counts()))).ConfigureAwait(false);
            lateness.Stop();
            var after = checker.Counts();
            return window.Result(kind, targets.Count, "FastLb", after.Ok - before.Ok, after.Failed - before.Failed, checker.Up, lateness.Summary());
        }
    }

    private static async Task<PhaseResult> HaproxyPhaseAsync(CompareOptions options, string kind, IReadOnlyList<IPEndPoint> targets, NginxFarm nginx, SynCounter syns)
    {
        using var haproxy = HaproxyChecker.Start(kind, targets, options.Interval, options.Timeout);
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds)).ConfigureAwait(false);
        var window = await WindowAsync(options, haproxy.Pid, nginx.Pids, Checks(kind, nginx, syns)).ConfigureAwait(false);
        var up = haproxy.ServersUp();
        return window.Result(kind, targets.Count, "HAProxy", -1, -1, up, null);
    }

    /// <summary>CPU of the checker and of nginx, and the connection attempts to the targets, read at both ends of the fixed window.</summary>
    private static async Task<Window> WindowAsync(CompareOptions options, int pid, IReadOnlyList<int> serverPids, Func<long> attempts)
    {
        var load0 = ProcStat.Load1();
        var syns0 = attempts();
        var cpu0 = ProcStat.Cpu(pid);
        var nginx0 = ServerCpu(serverPids);
        var t0 = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds)).ConfigureAwait(false);
        var cpu1 = ProcStat.Cpu(pid);
        var nginx1 = ServerCpu(serverPids);
        var wall = Stopwatch.GetElapsedTime(t0);
        var checks = attempts() - syns0;
        return new Window(wall, (cpu1 - cpu0) / wall, (nginx1 - nginx0) / wall, checks / wall.TotalSeconds, load0, ProcStat.Load1());
    }

    private static TimeSpan ServerCpu(IReadOnlyList<int> pids) => pids.Aggregate(TimeSpan.Zero, (sum, p) => sum + ProcStat.Cpu(p));

    private static long Total((long Ok, long Failed) counts) => counts.Ok + counts.Failed;

    // Lets the previous phase's closing connections go before the next is measured.
    private static async Task Settle()
    {
        GC.Collect();
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }

    private static string Line(PhaseResult r) =>
        FormattableString.Invariant($"{r.Kind} {r.Targets} {r.Checker}: {r.CpuCoreFraction * 100:0.0} % CPU, {r.ChecksPerSecond:N0} checks/s, up {r.Up}, load {r.Load1After:0.00}");

    private sealed record Window(TimeSpan Wall, double Cpu, double NginxCpu, double ChecksPerSecond, double Load0, double Load1)
    {
        public PhaseResult Result(string kind, int targets, string checker, long ok, long failed, int up, Lateness? lateness) =>
            new(kind, targets, checker, Wall.TotalSeconds, Cpu, NginxCpu, ChecksPerSecond, ok, failed, up, lateness, Load0, Load1);
    }
}
