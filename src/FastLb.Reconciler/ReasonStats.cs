using FastLb.Interop.Abi;

namespace FastLb.Reconciler;

/// <summary>Totals of one verdict reason, summed over CPUs.</summary>
public sealed record ReasonStats(Reason Reason, string Verdict, ulong Packets, ulong Bytes);
