// A target changed state: which reals it affects, the new state, and the last probe's reason.
using FastLb.Model;

namespace FastLb.Health;

public sealed record HealthTransition(
    CheckTarget Target,
    IReadOnlyList<ServiceReal> Reals,
    HealthState NewState,
    string Reason,
    DateTimeOffset At);
