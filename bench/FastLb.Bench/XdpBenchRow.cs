namespace FastLb.Bench;

/// <summary>
/// One row of the test-run table: a program on a frame (directly, or through the frame-restoring
/// harness), the kernel's and the wall clock's ns/packet, and the path check. NewFlows counts
/// flows the program pinned to a real during the measured runs (new or rescheduled).
/// </summary>
public sealed record XdpBenchRow(
    string Name,
    string Program,
    bool ViaHarness,
    double MedianNs,
    double MinNs,
    double MaxNs,
    double WallNs,
    string ExpectedPath,
    ulong PathHits,
    ulong Iterations,
    ulong NewFlows,
    ulong WarmUp)
{
    /// <summary>True when every iteration took the path the row names (baselines have no counters: null).</summary>
    public bool? PathHeld => ExpectedPath == "" ? null : PathHits == Iterations;
}
