namespace FastLb.Interop.Xsk;

/// <summary>The TX side of struct xdp_statistics: descriptors the kernel refused, and kicks that found the ring empty.</summary>
public readonly record struct XskStatistics(ulong TxInvalidDescriptors, ulong TxRingEmptyDescriptors);
