// Settings of the health scheduler; the clock, randomness and probes are injectable for tests.
using FastLb.Model;

namespace FastLb.Health;

public sealed record HealthSchedulerOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Source of jitter; used under the scheduler's lock only.</summary>
    public Random Random { get; init; } = new();

    /// <summary>Probes running at once, across all targets.</summary>
    public int MaxConcurrency { get; init; } = 256;

    public Func<CheckType, IHealthProbe> ProbeFor { get; init; } = HealthProbes.For;

    /// <summary>
    /// Spreads the first checks of targets added together over one interval (uniformly, plus
    /// jitter) instead of over the jitter alone: with thousands of targets the checks then stay
    /// evenly spread for good, rather than coming due in one burst every interval.
    /// </summary>
    public bool SpreadFirstChecks { get; init; }

    /// <summary>
    /// How early a check may start to join others starting now (never later than due): the
    /// scheduler and the check loop then wake once per batch rather than once per check, which is
    /// most of a check's cost at a thousand checks a second (20 ms: 6.3 % of a core for 1,000 http
    /// checks/s, 5 ms: 15.5 %; bench/results/health-haproxy-compare.md). Never more than a fiftieth
    /// of the shortest interval of the targets checked. Zero starts each on its due time.
    /// </summary>
    public TimeSpan Slack { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Called as each probe starts with how late it starts against its due time (for measuring).</summary>
    public Action<TimeSpan>? Lateness { get; init; }
}
