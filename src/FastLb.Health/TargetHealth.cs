// One probed target as the scheduler sees it now, for status pages and operators.
using FastLb.Model;

namespace FastLb.Health;

/// <param name="LastReason">The reason of the last probe ("" before the first one completes).</param>
/// <param name="NextCheck">When the next probe is due; while a probe runs, when that one was due.</param>
public sealed record TargetHealth(CheckTarget Target, HealthState State, string LastReason, DateTimeOffset NextCheck, IReadOnlyList<ServiceReal> Reals);
