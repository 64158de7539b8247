namespace FastLb.Interop.Xsk;

/// <summary>Writes frame <paramref name="sequence"/> (0, 1, 2, ... of one send) into its UMEM chunk just before it is queued.</summary>
public delegate void XskFrameWriter(Span<byte> frame, ulong sequence);
