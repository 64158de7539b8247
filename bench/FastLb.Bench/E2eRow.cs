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
/// AdjacentCeilingMpps: the redirect ceiling measured in the same lab, its runs taking turns with this
/// row's (live-frame fastlb and reference rows): the median of those runs. PairRatios: each run of the
/// row over the ceiling run just before it, a second or so apart, so the two share whatever spell the
/// machine is in. AdjacentRatioByRound: the row over its ceiling, each round.
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
    IReadOnlyList<double>? AdjacentRatioByRound = null,
    IReadOnlyList<double>? PairRatios = null)
{
    /// <summary>
    /// The row over the ceiling that took turns with it: the median of its run pairs, else (rows made
    /// without pairs) its rate over AdjacentCeilingMpps; null without a ceiling.
    /// </summary>
    public double? AdjacentRatio => PairRatios is { Count: > 0 } pairs ? Median(pairs)
        : AdjacentCeilingMpps is > 0 ? ReceivedMpps / AdjacentCeilingMpps : null;

    /// <summary>The row over the ceiling that took turns with it, each round (one round: its own), or null.</summary>
    public IReadOnlyList<double>? AdjacentRatios => AdjacentRatioByRound ?? (AdjacentRatio is { } r ? [r] : null);

    /// <summary>The median of <see cref="AdjacentRatios"/>, or null.</summary>
    public double? AdjacentRatioMedian => AdjacentRatios is { Count: > 0 } all ? Median(all) : null;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
