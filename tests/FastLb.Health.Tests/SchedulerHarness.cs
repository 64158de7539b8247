// A scheduler on a fake clock with a scripted probe, stepped only when everything due has run;
// no slack unless asked, so every check starts exactly on its due time.
using FastLb.Health;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace FastLb.Health.Tests;

internal sealed class SchedulerHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly int _maxConcurrency;

    public SchedulerHarness(int seed = 1, int maxConcurrency = 256, bool spreadFirstChecks = false, Action<TimeSpan>? lateness = null, double slackMs = 0)
    {
        _maxConcurrency = maxConcurrency;
        Time = new FakeTimeProvider(Start);
        Probe = new ScriptedProbe(Time);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Metrics = new HealthMetrics(Registry);
        Scheduler = new HealthScheduler(
            new HealthSchedulerOptions { Time = Time, Random = new Random(seed), MaxConcurrency = maxConcurrency, ProbeFor = _ => Probe, SpreadFirstChecks = spreadFirstChecks, Lateness = lateness, Slack = TimeSpan.FromMilliseconds(slackMs) },
            metrics: Metrics);
    }

    public FakeTimeProvider Time { get; }

    public ScriptedProbe Probe { get; }

    public CollectorRegistry Registry { get; }

    public HealthMetrics Metrics { get; }

    public HealthScheduler Scheduler { get; }

    public static HealthCheckConfig Check(int rise = 2, int fall = 3, HealthState initial = HealthState.Down, double intervalMs = 1000, double jitterMs = 0, double timeoutMs = 500) => new()
    {
        Type = CheckType.Tcp,
        Rise = rise,
        Fall = fall,
        Initial = initial,
        Interval = TimeSpan.FromMilliseconds(intervalMs),
        Jitter = TimeSpan.FromMilliseconds(jitterMs),
        Timeout = TimeSpan.FromMilliseconds(timeoutMs),
    };

    public static CheckTarget Target(string address, HealthCheckConfig check, ushort port = 80) =>
        new(System.Net.IPAddress.Parse(address), port, check);

    public async Task StartAsync(params HealthSubscription[] subscriptions)
    {
        Scheduler.Update(subscriptions);
        Scheduler.Start();
        await IdleAsync();
    }

    /// <summary>Starts with one subscription: real "a" of service "web" checked at <paramref name="target"/>.</summary>
    public Task StartAsync(CheckTarget target) => StartAsync(new HealthSubscription("web", "a", target));

    /// <summary>
    /// Starts with real "a" of service "web" checked with <paramref name="check"/> at 192.0.2.10, its
    /// probe failing with <paramref name="failure"/> when one is given; returns the target.
    /// </summary>
    public async Task<CheckTarget> StartAsync(HealthCheckConfig check, string? failure = null)
    {
        var target = Target("192.0.2.10", check);
        if (failure is not null)
        {
            Probe.Set(target, false, failure);
        }
        await StartAsync(target);
        return target;
    }

    /// <summary>fastlb_real_health of the real: 1 up, 0 down.</summary>
    public double Health(string service, string real) => Metrics.RealHealth.WithLabels(service, real).Value;

    /// <summary>fastlb_health_check_failures_total of TCP checks for <paramref name="reason"/>.</summary>
    public double Failures(string reason) => Metrics.Failures.WithLabels("tcp", reason).Value;

    /// <summary>Advances the fake clock once everything due has run, then waits for the new work.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await IdleAsync();
        Time.Advance(by);
        await IdleAsync();
    }

    public async Task AdvanceAsync(double ms) => await AdvanceAsync(TimeSpan.FromMilliseconds(ms));

    /// <summary>
    /// Waits (in real time, bounded) until the scheduler has run everything due on the fake clock:
    /// every target's next check lies in the future, except those whose probe hangs (and those
    /// waiting for a slot the hanging probes hold). A target's next check moves on only after its
    /// result is recorded, so by then every transition is in the channel.
    /// </summary>
    public async Task IdleAsync()
    {
        // A bound for a stuck scheduler only: a thousand targets on a machine at load 20 take seconds.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Settled(out var due, out var hanging))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"scheduler not settled: {due} target(s) due, {hanging} probe(s) hanging");
            }
            await Task.Delay(1);
        }
    }

    private bool Settled(out int due, out int hanging)
    {
        hanging = Probe.Hanging;
        var now = Time.GetUtcNow();
        due = Scheduler.Snapshot().Count(t => t.NextCheck <= now);
        return due == hanging || (hanging == _maxConcurrency && due > hanging);
    }

    public List<HealthTransition> DrainTransitions()
    {
        var list = new List<HealthTransition>();
        while (Scheduler.Transitions.TryRead(out var t))
        {
            list.Add(t);
        }
        return list;
    }

    /// <summary>Drains the transitions, asserting they are one, to <paramref name="state"/> for <paramref name="reason"/>.</summary>
    public HealthTransition SingleTransition(HealthState state, string reason)
    {
        var transition = Assert.Single(DrainTransitions());
        Assert.Equal((state, reason), (transition.NewState, transition.Reason));
        return transition;
    }

    public ValueTask DisposeAsync() => Scheduler.DisposeAsync();
}
