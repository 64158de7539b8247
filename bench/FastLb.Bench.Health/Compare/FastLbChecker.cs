// FastLb's own checker in this process: the real HealthScheduler and probes, as `fastlb run` runs them.
using System.Net;
using FastLb.Health;
using FastLb.Model;
using Prometheus;

namespace FastLb.Bench.Health.Compare;

public sealed class FastLbChecker : IAsyncDisposable
{
    private readonly HealthScheduler _scheduler;
    private readonly HealthMetrics _metrics;
    private readonly string _type;
    private readonly Task _drain;

    private FastLbChecker(HealthScheduler scheduler, HealthMetrics metrics, string type)
    {
        _scheduler = scheduler;
        _metrics = metrics;
        _type = type;
        // Nobody else reads transitions here; drain them as the reconciler would.
        _drain = Task.Run(async () =>
        {
            await foreach (var _ in scheduler.Transitions.ReadAllAsync().ConfigureAwait(false))
            {
            }
        });
    }

    /// <summary>
    /// One real per target, each its own check (rise 2, fall 3, no jitter, the first checks spread
    /// over one interval as HAProxy spreads its own, http connections kept between checks as
    /// reuse-connection's default), with metrics on as in the controller.
    /// </summary>
    public static FastLbChecker Start(string kind, IReadOnlyList<IPEndPoint> targets, TimeSpan interval, TimeSpan timeout, LatenessRecorder lateness)
    {
        var type = kind switch { "http" => CheckType.Http, "tcp-half-open" => CheckType.TcpHalfOpen, _ => CheckType.Tcp };
        var metrics = new HealthMetrics(Metrics.NewCustomRegistry());
        var scheduler = new HealthScheduler(new HealthSchedulerOptions { SpreadFirstChecks = true, Lateness = lateness.Observe }, metrics: metrics);
        // reuse-connection as the config's default for http (HTTP/1.1 keep-alive); a tcp check connects each time.
        var check = new HealthCheckConfig { Type = type, Interval = interval, Timeout = timeout, Jitter = TimeSpan.Zero, Path = "/", ReuseConnection = type == CheckType.Http };
        scheduler.Update(targets.Select((t, i) => new HealthSubscription("bench", "r" + i, new CheckTarget(t.Address, (ushort)t.Port, check))));
        scheduler.Start();
        return new FastLbChecker(scheduler, metrics, ConfigNames<CheckType>.Of(type));
    }

    /// <summary>Checks finished so far, healthy and failed (from the scheduler's own metrics).</summary>
    public (long Ok, long Failed) Counts()
    {
        var done = (long)_metrics.CheckDuration.WithLabels(_type).Count;
        var failed = (long)_metrics.Failures.GetAllLabelValues().Where(l => l[0] == _type).Sum(l => _metrics.Failures.WithLabels(l).Value);
        return (done - failed, failed);
    }

    public int Up => _scheduler.Snapshot().Count(t => t.State == HealthState.Up);

    public async ValueTask DisposeAsync()
    {
        await _scheduler.DisposeAsync().ConfigureAwait(false);
        await _drain.ConfigureAwait(false);
    }
}
