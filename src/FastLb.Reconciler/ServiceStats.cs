namespace FastLb.Reconciler;

/// <summary>Totals of one service's counters, summed over CPUs.</summary>
public sealed record ServiceStats(string Service, ulong Packets, ulong Bytes);
