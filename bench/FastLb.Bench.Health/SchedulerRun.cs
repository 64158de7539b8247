// Run A: the real HealthScheduler with its real probes, one subscription per target, counted by its own metrics.
using System.Net;
using FastLb.Health;
using FastLb.Model;
using Prometheus;

namespace FastLb.Bench.Health;

public static class SchedulerRun
{
    public static async Task<RunResult> RunAsync(BenchOptions options, IReadOnlyList<IPEndPoint> endPoints)
    {
        // Counted from the scheduler's metrics, not by wrapping the probe: a wrapper would hide the
        // probes the scheduler starts on the check loop directly, and measure the task path instead.
        var metrics = new HealthMetrics(Metrics.NewCustomRegistry());
        var scheduler = new HealthScheduler(new HealthSchedulerOptions { MaxConcurrency = options.Concurrency }, metrics: metrics);
        var type = ConfigNames<CheckType>.Of(options.Type);
        ProbeCounts Counts()
        {
            var done = (long)metrics.CheckDuration.WithLabels(type).Count;
            var failed = (long)metrics.Failures.GetAllLabelValues().Where(l => l[0] == type).Sum(l => metrics.Failures.WithLabels(l).Value);
            return new ProbeCounts(done - failed, failed);
        }
        var disposed = false;
        try
        {
            scheduler.Update(Subscriptions(options, endPoints));
            // Nobody else reads transitions here; drain them as the reconciler would.
            var drain = Task.Run(async () =>
            {
                await foreach (var _ in scheduler.Transitions.ReadAllAsync().ConfigureAwait(false))
                {
                }
            });
            scheduler.Start();
            var result = await Window.MeasureAsync($"A: HealthScheduler, {type}", Counts, options).ConfigureAwait(false);
            disposed = true;
            await scheduler.DisposeAsync().ConfigureAwait(false);
            await drain.ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (!disposed)
            {
                await scheduler.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Distinct targets over few listeners: each check config differs by Path (unused by tcp), so
    /// every subscription is its own dedupe key and is probed on its own.
    /// </summary>
    private static IEnumerable<HealthSubscription> Subscriptions(BenchOptions options, IReadOnlyList<IPEndPoint> endPoints)
    {
        for (var i = 0; i < options.Targets; i++)
        {
            var endPoint = endPoints[i % endPoints.Count];
            var check = new HealthCheckConfig
            {
                Type = options.Type,
                Interval = options.Interval,
                Jitter = options.Jitter,
                Timeout = TimeSpan.FromSeconds(1),
                Path = $"/target/{i}",
            };
            yield return new HealthSubscription("bench", $"real-{i}", new CheckTarget(endPoint.Address, (ushort)endPoint.Port, check));
        }
    }
}
