// The scheduler with real probes and the real clock: a real server comes up, goes away, comes back.
using Prometheus;

namespace FastLb.Health.Tests.Lab;

public sealed class SchedulerLabTests
{
    [RootFact]
    public async Task Scheduler_RealServerStopsAndReturns_DownThenUpAfterRise()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        var check = new HealthCheckConfig { Type = CheckType.Http, Interval = TimeSpan.FromMilliseconds(100), Jitter = TimeSpan.Zero, Rise = 2, Fall = 2 };
        var target = lab.Target(ProbeLab.RealV4, 8080, check);
        var metrics = new HealthMetrics(Metrics.NewCustomRegistry());
        await using var scheduler = new HealthScheduler(metrics: metrics);
        var server = lab.Serve(ProbeLab.RealV4, 8080);
        scheduler.Update([new("web", "r1", target), new("api", "r1", target)]);
        scheduler.Start();

        var up = await NextAsync(scheduler);
        Assert.Equal((HealthState.Up, "ok"), (up.NewState, up.Reason));
        Assert.Equal(2, up.Reals.Count);

        await server.DisposeAsync();
        var down = await NextAsync(scheduler);
        Assert.Equal((HealthState.Down, "refused"), (down.NewState, down.Reason));
        Assert.Equal(0, metrics.RealHealth.WithLabels("api", "r1").Value);

        await using var again = lab.Serve(ProbeLab.RealV4, 8080);
        var back = await NextAsync(scheduler);
        Assert.Equal(HealthState.Up, back.NewState);
        Assert.Equal(1, metrics.RealHealth.WithLabels("web", "r1").Value);
        // Fall 2 took two failures; a check in flight as the server went away may have failed as "rst" or "closed".
        Assert.True(metrics.Failures.WithLabels("http", "refused").Value >= 1);
        Assert.True(metrics.Failures.GetAllLabelValues().Where(l => l[0] == "http").Sum(l => metrics.Failures.WithLabels(l).Value) >= 2);
    }

    private static async Task<HealthTransition> NextAsync(HealthScheduler scheduler) =>
        await scheduler.Transitions.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
