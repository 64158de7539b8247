namespace FastLb.Bench;

/// <summary>
/// One packet-rate row: what forwarded (or "generator alone"), which generator drove it, frames
/// offered per run, and the median over the runs of frames counted at the receiving end per
/// second of generation. Path is the path every frame the balancer saw must have taken (fastlb rows:
/// its reason; the reference balancer's row: a real chosen), PathHits the frames so counted over all
/// runs, Seen the frames the balancer counted at all (frames lost on the way to it are not seen),
/// Offered all frames generated over all runs.
/// SendAllocatedBytes: managed bytes allocated inside the AF_XDP send loops (warm-up and runs), null for live frames.
/// BalancerNsPerFrame: run time of the balancer's NAPI threads (its CPU) per frame received, over all runs.
/// CeilingRatioByRound: over several rounds, the row's rate over the redirect ceiling of the same round
/// (a spell of half speed from outside the VM slows rows of one round, rarely all rounds alike).
/// AdjacentCeilingMpps: the redirect ceiling measured in the same lab just before this row (live-frame
/// fastlb and reference rows), so the two share whatever spell the machine is in; AdjacentRatioByRound: the row over
/// it, each round.
/// </summary>
public sealed record E2eRow(
    string Name,
    string Generator,
    string CountedAt,
    ulong PacketsPerRun,
    int Runs,
    double OfferedMpps,
    double ReceivedMpps,
    double MinReceivedMpps,
    double MaxReceivedMpps,
    double DeliveredFraction,
    string Path = "",
    ulong PathHits = 0,
    ulong Offered = 0,
    ulong Seen = 0,
    long? SendAllocatedBytes = null,
    double? BalancerNsPerFrame = null,
    IReadOnlyList<double>? CeilingRatioByRound = null,
    double? AdjacentCeilingMpps = null,
    IReadOnlyList<double>? AdjacentRatioByRound = null)
{
    /// <summary>The row over the ceiling measured just before it, or null.</summary>
    public double? AdjacentRatio => AdjacentCeilingMpps is > 0 ? ReceivedMpps / AdjacentCeilingMpps : null;

    /// <summary>The row over the ceiling measured just before it, each round (one round: its own), or null.</summary>
    public IReadOnlyList<double>? AdjacentRatios => AdjacentRatioByRound ?? (AdjacentRatio is { } r ? [r] : null);

    /// <summary>The median of <see cref="AdjacentRatios"/>, or null.</summary>
    public double? AdjacentRatioMedian
    {
        get
        {
            if (AdjacentRatios is not { Count: > 0 } all)
            {
                return null;
            }
            var sorted = all.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
