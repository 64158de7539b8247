// First checks spread over one interval when asked, and the lateness each probe starts with.
using System.Collections.Concurrent;
using FastLb.Health;
using static FastLb.Health.Tests.SchedulerHarness;

namespace FastLb.Health.Tests;

public sealed class SchedulerSpreadTests
{
    [Fact]
    public async Task SpreadFirstChecks_ThousandTargetsNoJitter_FirstChecksSpreadOverOneIntervalThenEveryInterval()
    {
        await using var h = new SchedulerHarness(seed: 7, spreadFirstChecks: true);
        var check = Check(intervalMs: 1000, jitterMs: 0);
        var subs = Enumerable.Range(0, 1000).Select(i => new HealthSubscription("web", "r" + i, Target("192.0.2.10", check, (ushort)(1000 + i)))).ToArray();
        await h.StartAsync(subs);
        for (var step = 0; step < 200; step++)
        {
            await h.AdvanceAsync(10);
        }
        var byTarget = h.Probe.Calls.GroupBy(c => c.Target).ToList();
        Assert.Equal(1000, byTarget.Count);
        var firsts = byTarget.Select(g => g.First().At - Start).ToList();
        // The fake clock moves in 10 ms steps, so a check due late in the first interval is seen at 1000 ms.
        Assert.All(firsts, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(1000)));
        var perSlot = firsts.GroupBy(d => (int)(d.TotalMilliseconds / 10)).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perSlot.Count >= 95, $"first checks fell in only {perSlot.Count} of 100 slots");
        Assert.True(perSlot.Values.Max() <= 40, $"a slot got {perSlot.Values.Max()} of 1000 first checks");
        // With no jitter each next check is exactly one interval after the one before.
        Assert.All(byTarget, g => Assert.Equal(TimeSpan.FromSeconds(1), g.ElementAt(1).At - g.First().At));
    }

    [Fact]
    public async Task SpreadFirstChecksOff_NoJitter_AllFirstChecksAtOnce()
    {
        await using var h = new SchedulerHarness(seed: 7);
        var check = Check(intervalMs: 1000, jitterMs: 0);
        await h.StartAsync([.. Enumerable.Range(0, 100).Select(i => new HealthSubscription("web", "r" + i, Target("192.0.2.10", check, (ushort)(1000 + i))))]);
        Assert.Equal(100, h.Probe.Calls.Count);
        Assert.All(h.Probe.Calls, c => Assert.Equal(Start, c.At));
    }

    [Fact]
    public async Task Lateness_OnTimeThenHeldBackBySlot_ReportsZeroThenTheWait()
    {
        var seen = new ConcurrentQueue<TimeSpan>();
        await using var h = new SchedulerHarness(maxConcurrency: 1, lateness: seen.Enqueue);
        h.Probe.Default = null; // every probe hangs until its timeout
        await h.StartAsync(
            new HealthSubscription("web", "a", Target("192.0.2.10", Check(timeoutMs: 500))),
            new HealthSubscription("web", "b", Target("192.0.2.11", Check(timeoutMs: 500))));
        // Both are due at once; the first takes the only slot until its timeout, the second waits for it.
        await h.AdvanceAsync(500);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(500)], seen);
    }

    [Theory]
    [InlineData(5, 1000, 1003, new[] { 0.0, 0.0, 1000.0, 1000.0 })]
    [InlineData(0, 1000, 1003, new[] { 0.0, 0.0, 1000.0, 1003.0 })]
    // Capped at a fiftieth of the shortest interval: 2 ms of 100, so 3 ms apart stay apart, 1 ms join.
    [InlineData(20, 100, 103, new[] { 0.0, 0.0, 100.0, 103.0 })]
    [InlineData(20, 100, 101, new[] { 0.0, 0.0, 100.0, 100.0 })]
    public async Task Slack_ChecksDueWithinIt_StartTogetherEarlyNeverLate(double slackMs, int intervalA, int intervalB, double[] startsMs)
    {
        await using var h = new SchedulerHarness(slackMs: slackMs);
        await h.StartAsync(
            new HealthSubscription("web", "a", Target("192.0.2.10", Check(intervalMs: intervalA, timeoutMs: 5))),
            new HealthSubscription("web", "b", Target("192.0.2.11", Check(intervalMs: intervalB, timeoutMs: 5))));
        await h.AdvanceAsync(intervalA);
        await h.AdvanceAsync(intervalB - intervalA);
        Assert.Equal(startsMs, h.Probe.Calls.Select(x => (x.At - Start).TotalMilliseconds));
    }
}
