// Finished checks so far: healthy and not.
namespace FastLb.Bench.Health;

public readonly record struct ProbeCounts(long Ok, long Failed)
{
    public long Total => Ok + Failed;

    public static ProbeCounts operator -(ProbeCounts a, ProbeCounts b) => new(a.Ok - b.Ok, a.Failed - b.Failed);
}
