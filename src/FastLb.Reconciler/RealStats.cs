namespace FastLb.Reconciler;

/// <summary>Totals of one real's counters within a service, summed over CPUs.</summary>
public sealed record RealStats(string Service, string Real, bool Up, bool InRing, ulong Packets, ulong Bytes, ulong NewFlows)
{
    /// <summary>Flows open on the real as the data plane counts them (pinned, not yet closed, expired or moved).</summary>
    public long ActiveFlows { get; init; }
}
