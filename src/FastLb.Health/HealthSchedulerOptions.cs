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
}
