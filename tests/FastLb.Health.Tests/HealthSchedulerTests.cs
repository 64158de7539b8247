// The scheduler on a fake clock: timing, rise/fall, timeouts, dedupe, reloads and metrics.
using FastLb.Health;
using static FastLb.Health.Tests.SchedulerHarness;

namespace FastLb.Health.Tests;

public sealed class HealthSchedulerTests : IAsyncLifetime
{
    // xunit builds the class anew for every test: each gets a fresh scheduler, disposed after it.
    // Tests that need other options (seed, concurrency) build their own.
    private readonly SchedulerHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();
    [Fact]
    public async Task Update_BeforeAnyProbe_CurrentIsInitialState()
    {
        var up = Target("192.0.2.10", Check(initial: HealthState.Up));
        var down = Target("192.0.2.11", Check(initial: HealthState.Down));
        _h.Scheduler.Update([new("web", "a", up), new("web", "b", down)]);
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(up));
        Assert.Equal(HealthState.Down, _h.Scheduler.Current(down));
        Assert.Equal(HealthState.Up, _h.Scheduler.Current("web", "a"));
        Assert.Null(_h.Scheduler.Current(Target("192.0.2.12", Check())));
        Assert.Equal(1, _h.Health("web", "a"));
        Assert.Equal(0, _h.Health("web", "b"));
    }

    [Fact]
    public async Task Probes_RiseSuccesses_OneUpTransitionAtTheRisethProbe()
    {
        var t = await _h.StartAsync(Check(rise: 3));
        Assert.Single(_h.Probe.Calls); // first probe at once (no jitter)
        await _h.AdvanceAsync(1000);
        Assert.Empty(_h.DrainTransitions());
        Assert.Equal(HealthState.Down, _h.Scheduler.Current(t));
        await _h.AdvanceAsync(1000);
        var transition = _h.SingleTransition(HealthState.Up, "ok");
        Assert.Equal(Start.AddSeconds(2), transition.At);
        Assert.Equal([new ServiceReal("web", "a")], transition.Reals);
        Assert.Equal(3, _h.Probe.Calls.Count);
        Assert.Equal(1, _h.Health("web", "a"));
    }

    [Fact]
    public async Task Probes_FallFailures_DownWithLastReason()
    {
        var t = await _h.StartAsync(Check(fall: 2, initial: HealthState.Up), failure: "refused");
        Assert.Empty(_h.DrainTransitions());
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(t));
        await _h.AdvanceAsync(1000);
        _h.SingleTransition(HealthState.Down, "refused");
        Assert.Equal(0, _h.Health("web", "a"));
        Assert.Equal(2, _h.Failures("refused"));
        Assert.Equal(0, _h.Failures("timeout"));
    }

    [Fact]
    public async Task Probes_EveryInterval_NotBefore()
    {
        var t = await _h.StartAsync(Check(intervalMs: 1000));
        await _h.AdvanceAsync(999);
        Assert.Single(_h.Probe.Calls);
        await _h.AdvanceAsync(1);
        Assert.Equal(2, _h.Probe.Calls.Count);
        Assert.Equal([Start, Start.AddSeconds(1)], _h.Probe.Calls.Select(c => c.At));
    }

    [Fact]
    public async Task Probe_HangsPastTimeout_CutWithReasonTimeout()
    {
        var t = Target("192.0.2.10", Check(fall: 1, initial: HealthState.Up, timeoutMs: 500));
        _h.Probe.Hang(t);
        await _h.StartAsync(t);
        await _h.AdvanceAsync(499);
        Assert.Empty(_h.DrainTransitions());
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(t));
        Assert.Equal(1, _h.Probe.Hanging);
        await _h.AdvanceAsync(1); // cut: the next probe is due at 1000 ms
        Assert.Equal(0, _h.Probe.Hanging);
        var transition = _h.SingleTransition(HealthState.Down, "timeout");
        Assert.Equal(Start.AddMilliseconds(500), transition.At);
        Assert.Equal(1, _h.Failures("timeout"));
    }

    [Fact]
    public async Task Jitter_ThousandTargets_FirstChecksSpreadOverJitter()
    {
        await using var h = new SchedulerHarness(seed: 7);
        var check = Check(intervalMs: 10_000, jitterMs: 1000);
        var subs = Enumerable.Range(0, 1000).Select(i => new HealthSubscription("web", "r" + i, Target("192.0.2.10", check, (ushort)(1000 + i)))).ToArray();
        await h.StartAsync(subs);
        for (var step = 0; step < 100; step++)
        {
            await h.AdvanceAsync(10);
        }
        var firsts = h.Probe.Calls.Select(c => c.At - Start).ToList();
        Assert.Equal(1000, firsts.Count);
        Assert.All(firsts, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(1000)));
        // Every 10 ms slot of the jitter window gets some checks and none gets more than a few percent.
        var perSlot = firsts.GroupBy(d => (int)(d.TotalMilliseconds / 10)).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perSlot.Count >= 95, $"first checks fell in only {perSlot.Count} of 100 slots");
        Assert.True(perSlot.Values.Max() <= 40, $"a slot got {perSlot.Values.Max()} of 1000 first checks");
    }

    [Fact]
    public async Task Jitter_Zero_AllFirstChecksAtOnce()
    {
        var check = Check(jitterMs: 0);
        var subs = Enumerable.Range(0, 50).Select(i => new HealthSubscription("web", "r" + i, Target("192.0.2.10", check, (ushort)(1000 + i)))).ToArray();
        await _h.StartAsync(subs);
        Assert.Equal(50, _h.Probe.Calls.Count);
        Assert.All(_h.Probe.Calls, c => Assert.Equal(Start, c.At));
    }

    [Fact]
    public async Task Dedupe_TwoServicesShareReal_OneProbePerInterval()
    {
        // Equal configs built separately: the key is by value.
        var a = Target("192.0.2.10", Check(rise: 1));
        var b = Target("192.0.2.10", Check(rise: 1));
        await _h.StartAsync(new HealthSubscription("web", "r1", a), new HealthSubscription("api", "r9", b));
        await _h.AdvanceAsync(1000);
        await _h.AdvanceAsync(1000);
        Assert.Equal(3, _h.Probe.Calls.Count);
        var transition = Assert.Single(_h.DrainTransitions());
        Assert.Equal([new ServiceReal("web", "r1"), new ServiceReal("api", "r9")], transition.Reals);
        Assert.Equal(1, _h.Health("api", "r9"));
    }

    [Fact]
    public async Task Dedupe_SameRealDifferentCheck_ProbedSeparately()
    {
        var a = Target("192.0.2.10", Check(rise: 1));
        var b = Target("192.0.2.10", Check(rise: 1) with { Path = "/other" });
        await _h.StartAsync(new HealthSubscription("web", "r1", a), new HealthSubscription("api", "r1", b));
        await _h.AdvanceAsync(1000);
        Assert.Equal(2, _h.Probe.CountFor(a));
        Assert.Equal(2, _h.Probe.CountFor(b));
    }

    [Fact]
    public async Task Update_Reload_KeepsSurvivorsAndDropsRemoved()
    {
        var kept = Target("192.0.2.10", Check(rise: 1));
        var dropped = Target("192.0.2.11", Check(rise: 1));
        await _h.StartAsync(new HealthSubscription("web", "a", kept), new HealthSubscription("web", "b", dropped));
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(kept));
        _h.DrainTransitions();

        var added = Target("192.0.2.12", Check(rise: 1));
        _h.Probe.Set(added, false, "refused");
        _h.Scheduler.Update([
            new("web", "a", Target("192.0.2.10", Check(rise: 1))),
            new("web", "c", added),
        ]);
        await _h.IdleAsync();
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(kept));
        Assert.Null(_h.Scheduler.Current(dropped));
        Assert.Equal(HealthState.Down, _h.Scheduler.Current(added));
        var droppedProbes = _h.Probe.CountFor(dropped);
        await _h.AdvanceAsync(1000);
        await _h.AdvanceAsync(1000);
        Assert.Equal(droppedProbes, _h.Probe.CountFor(dropped));
        Assert.Empty(_h.DrainTransitions()); // the survivor did not go through Down again
        Assert.DoesNotContain("real=\"b\"", await Export());
        Assert.Contains("fastlb_real_health{service=\"web\",real=\"a\"} 1", await Export());
    }

    [Fact]
    public async Task Update_ChangedCheckConfig_StartsOverFromInitial()
    {
        var old = Target("192.0.2.10", Check(rise: 1));
        await _h.StartAsync(new HealthSubscription("web", "a", old));
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(old));
        var changed = Target("192.0.2.10", Check(rise: 2));
        _h.Scheduler.Update([new("web", "a", changed)]);
        Assert.Equal(HealthState.Down, _h.Scheduler.Current(changed));
    }

    [Fact]
    public async Task Recovery_DownThenRiseSuccesses_BackUp()
    {
        var t = await _h.StartAsync(Check(rise: 2, fall: 2, initial: HealthState.Up), failure: "status 503");
        await _h.AdvanceAsync(1000);
        Assert.Equal(HealthState.Down, _h.Scheduler.Current(t));
        _h.Probe.Set(t, true);
        await _h.AdvanceAsync(1000);
        Assert.Equal(HealthState.Down, _h.Scheduler.Current(t));
        // A reload in the middle of the rise keeps the count.
        _h.Scheduler.Update([new("web", "a", Target("192.0.2.10", Check(rise: 2, fall: 2, initial: HealthState.Up)))]);
        await _h.IdleAsync();
        await _h.AdvanceAsync(1000);
        Assert.Equal(HealthState.Up, _h.Scheduler.Current(t));
        var transitions = _h.DrainTransitions();
        Assert.Equal([HealthState.Down, HealthState.Up], transitions.Select(x => x.NewState));
        Assert.Equal(["status 503", "ok"], transitions.Select(x => x.Reason));
    }

    [Fact]
    public async Task Concurrency_LimitOne_ProbesRunOneAtATime()
    {
        await using var h = new SchedulerHarness(maxConcurrency: 1);
        var a = Target("192.0.2.10", Check(fall: 1, initial: HealthState.Up, timeoutMs: 300));
        var b = Target("192.0.2.11", Check(fall: 1, initial: HealthState.Up, timeoutMs: 300));
        h.Probe.Hang(a);
        h.Probe.Hang(b);
        h.Scheduler.Update([new("web", "a", a), new("web", "b", b)]);
        h.Scheduler.Start();
        await h.AdvanceAsync(0);
        Assert.Single(h.Probe.Calls); // the second waits for a free slot
        await h.AdvanceAsync(300);
        Assert.Equal(2, h.Probe.Calls.Count);
        Assert.Equal(Start.AddMilliseconds(300), h.Probe.Calls.Last().At);
    }

    [Fact]
    public async Task Snapshot_AfterFailedProbe_ShowsStateReasonRealsAndNextCheck()
    {
        var t = Target("192.0.2.10", Check(fall: 1, initial: HealthState.Up, intervalMs: 1000));
        _h.Probe.Set(t, false, "refused");
        _h.Scheduler.Update([new("web", "a", t), new("api", "b", t)]);
        var before = Assert.Single(_h.Scheduler.Snapshot());
        Assert.Equal(new TargetHealth(t, HealthState.Up, "", Start, before.Reals), before);
        _h.Scheduler.Start();
        await _h.IdleAsync();
        var after = Assert.Single(_h.Scheduler.Snapshot());
        Assert.Equal((HealthState.Down, "refused", Start.AddSeconds(1)), (after.State, after.LastReason, after.NextCheck));
        Assert.Equal([new ServiceReal("web", "a"), new ServiceReal("api", "b")], after.Reals);
        _h.Scheduler.Update([]);
        Assert.Empty(_h.Scheduler.Snapshot());
    }

    private async Task<string> Export()
    {
        using var stream = new MemoryStream();
        await _h.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
