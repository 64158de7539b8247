namespace FastLb.Bench;

/// <summary>One row of the test-run table: a program on a frame, its median ns/packet, and the path check.</summary>
public sealed record XdpBenchRow(string Name, string Program, double MedianNs, double MinNs, double MaxNs, string ExpectedPath, ulong PathHits, ulong Iterations)
{
    /// <summary>True when every iteration took the path the row names (baselines have no counters: null).</summary>
    public bool? PathHeld => ExpectedPath == "" ? null : PathHits == Iterations;
}
