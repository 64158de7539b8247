// Cost of the health scheduler itself: one round (every target due once) with a probe that answers at once.
using System.Net;
using BenchmarkDotNet.Attributes;
using FastLb.Health;
using FastLb.Model;

namespace FastLb.Bench;

/// <summary>
/// N targets on a fake clock, all due together each interval: one call advances the clock by
/// the interval and waits until every target has been probed again. What is left is the
/// scheduler's own work per check (queue, slot, runner with its timeout, state machine,
/// requeue); the socket work of a real probe comes on top.
/// </summary>
[MemoryDiagnoser]
public class SchedulerTickBenchmarks
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private ManualClock _time = null!;
    private InstantProbe _probe = null!;
    private HealthScheduler _scheduler = null!;

    [Params(1000, 10000)]
    public int Targets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _probe = new InstantProbe();
        _scheduler = new HealthScheduler(new HealthSchedulerOptions { Time = _time, ProbeFor = _ => _probe });
        var check = new HealthCheckConfig { Type = CheckType.Tcp, Interval = Interval, Jitter = TimeSpan.Zero };
        _scheduler.Update(Enumerable.Range(0, Targets).Select(i =>
            new HealthSubscription("bench", "r" + i, new CheckTarget(new IPAddress(new byte[] { 192, 0, 2, (byte)(i % 250) }), (ushort)(1000 + (i / 250)), check))));
        _scheduler.Start();
        WaitFor(Targets);
    }

    [GlobalCleanup]
    public void Cleanup() => _scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One round: the clock moves one interval and every target is probed once.</summary>
    [Benchmark]
    public long Round()
    {
        var target = _probe.Calls + Targets;
        _time.Advance(Interval);
        return WaitFor(target);
    }

    private long WaitFor(long calls)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var spin = new SpinWait();
        long now;
        while ((now = _probe.Calls) < calls)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the scheduler probed {now} of {calls} within 30 s");
            }
            spin.SpinOnce();
        }
        return now;
    }
}
