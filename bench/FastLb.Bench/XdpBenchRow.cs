namespace FastLb.Bench;

/// <summary>
/// One row of the test-run table: a program on a frame (directly, or through the frame-restoring
/// harness), the kernel's and the wall clock's ns/packet, and the path check. NewFlows counts
/// flows the program pinned to a real during the measured runs (new or rescheduled). Overflows: the
/// row's flows exceed the flow table, so iterations off the path are expected and reported.
/// Elsewhere: the other reasons counted while measured ("PassNotVip 12, ..."), empty when none.
/// HeadShrunk: the harness shrank a head the program grew on every iteration (L3 DSR rows): one
/// bpf_xdp_adjust_head more of the harness's in the row than in the harness baseline.
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
    ulong WarmUp,
    bool Overflows = false,
    string Elsewhere = "",
    bool HeadShrunk = false)
{
    /// <summary>True when every iteration took the path the row names (baselines have no counters: null).</summary>
    public bool? PathHeld => ExpectedPath == "" ? null : PathHits == Iterations;

    /// <summary>The row is as it should be: its path held, or it overflows the table by design.</summary>
    public bool Sound => PathHeld != false || Overflows;
}
