// The lateness distribution of the checks started in a window, in milliseconds.
namespace FastLb.Bench.Health.Compare;

public sealed record Lateness(int Checks, double P50Ms, double P99Ms, double MaxMs);
