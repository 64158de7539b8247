using System.Diagnostics;
using FastLb.Health;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// A fresh start attaches only once it can serve: every checked real is up, or every one has
/// been probed once and each service has a real up; at the latest after a bound derived from
/// the checks (reals whose check says `initial: up` count as up from the start).
/// </summary>
public static class StartGate
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBound = TimeSpan.FromSeconds(30);

    /// <summary>Long enough for a real that is up to be seen up: interval × rise + timeout, plus a second.</summary>
    public static TimeSpan Bound(FastLbConfig config)
    {
        var checks = config.Services.SelectMany(s => s.Reals).Select(r => r.Check).OfType<HealthCheckConfig>().ToList();
        if (checks.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var longest = checks.Max(c => (c.Interval * c.Rise) + c.Timeout) + TimeSpan.FromSeconds(1);
        return longest < MaxBound ? longest : MaxBound;
    }

    /// <summary>True when <paramref name="snapshot"/> shows the config can be served now.</summary>
    public static bool CanServe(FastLbConfig config, IReadOnlyList<TargetHealth> snapshot)
    {
        if (snapshot.All(t => t.State == HealthState.Up))
        {
            return true;
        }
        if (snapshot.Any(t => t.State != HealthState.Up && t.LastReason.Length == 0))
        {
            return false;
        }
        return config.Services.All(s => s.Reals.Any(r => r.Check is null
            || snapshot.Any(t => t.State == HealthState.Up && t.Reals.Contains(new ServiceReal(s.Name, r.Name)))));
    }

    /// <summary>Waits until <see cref="CanServe"/> or <paramref name="bound"/>; returns whether it can serve.</summary>
    public static bool Wait(HealthScheduler scheduler, FastLbConfig config, TimeSpan bound, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (CanServe(config, scheduler.Snapshot()))
            {
                return true;
            }
            if (clock.Elapsed >= bound)
            {
                return false;
            }
            ct.WaitHandle.WaitOne(Poll);
            ct.ThrowIfCancellationRequested();
        }
    }
}
