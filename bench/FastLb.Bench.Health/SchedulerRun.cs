// Run A: the real HealthScheduler with one TCP-connect subscription per target.
using System.Net;
using FastLb.Health;
using FastLb.Model;

namespace FastLb.Bench.Health;

public static class SchedulerRun
{
    public static async Task<RunResult> RunAsync(BenchOptions options, IReadOnlyList<IPEndPoint> endPoints)
    {
        var probe = new CountingProbe(HealthProbes.For(CheckType.Tcp));
        var schedulerOptions = new HealthSchedulerOptions { MaxConcurrency = options.Concurrency, ProbeFor = _ => probe };
        var scheduler = new HealthScheduler(schedulerOptions);
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
            var result = await Window.MeasureAsync("A: HealthScheduler", () => probe.Counts, options).ConfigureAwait(false);
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
                Type = CheckType.Tcp,
                Interval = options.Interval,
                Jitter = options.Jitter,
                Timeout = TimeSpan.FromSeconds(1),
                Path = $"/target/{i}",
            };
            yield return new HealthSubscription("bench", $"real-{i}", new CheckTarget(endPoint.Address, (ushort)endPoint.Port, check));
        }
    }
}
