// One entry of a Maglev table's input: a stable key (e.g. "192.0.2.11:80") and a weight.
namespace FastLb.Scheduling;

/// <summary>The key alone fixes the backend's permutation; weight 0 means no slots.</summary>
public sealed record MaglevBackend(string Key, int Weight);
