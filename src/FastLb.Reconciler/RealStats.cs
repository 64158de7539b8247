namespace FastLb.Reconciler;

/// <summary>Totals of one real's counters within a service, summed over CPUs.</summary>
public sealed record RealStats(string Service, string Real, bool Up, bool InRing, ulong Packets, ulong Bytes, ulong NewFlows);
