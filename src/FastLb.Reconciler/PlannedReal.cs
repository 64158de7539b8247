using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// A real as the data plane will hold it. Up: flows pinned to it stay (a draining real, weight
/// 0, is up but not in the ring). InRing: new flows may be hashed to it.
/// </summary>
public sealed record PlannedReal(uint Index, string Service, RealConfig Real, bool Up, bool InRing, bool IsBackup)
{
    /// <summary>The index's generation (<see cref="IndexAllocator.GenerationOf"/>): flows pinned under another one are new.</summary>
    public uint Generation { get; init; }
}
