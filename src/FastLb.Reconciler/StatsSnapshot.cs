using FastLb.Interop.Abi;

namespace FastLb.Reconciler;

/// <summary>One read of every data-plane counter.</summary>
public sealed record StatsSnapshot(IReadOnlyList<ReasonStats> Reasons, IReadOnlyList<ServiceStats> Services, IReadOnlyList<RealStats> Reals)
{
    public ulong PacketsFor(Reason reason) => Reasons.FirstOrDefault(r => r.Reason == reason)?.Packets ?? 0;
}
