using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// What is fixed when the program is loaded: the connection table's size (slots, rounded up to a
/// power of two), idle timeouts and how many services and reals the maps hold.
/// </summary>
public sealed record DataPlaneOptions(int FlowTableSize, FlowTimeouts Timeouts)
{
    /// <summary>The compiled sizes and the default timeouts (tests, tools).</summary>
    public static DataPlaneOptions Compiled { get; } = new(AbiLimits.FlowsMax, FlowTimeouts.Default);

    /// <summary>`max-services`: entries of every map indexed by service id.</summary>
    public int MaxServices { get; init; } = AbiLimits.MaxServices;

    /// <summary>`max-reals`: entries of every map indexed by real index.</summary>
    public int MaxReals { get; init; } = AbiLimits.MaxReals;

    /// <summary>
    /// The NAT reverse tables with one LRU list per CPU (BPF_F_NO_COMMON_LRU) instead of the shared
    /// one: measured beside it by the bench (docs/per-packet-cost.md, "Two CPUs at once").
    /// </summary>
    public bool NatPerCpuLru { get; init; }

    public static DataPlaneOptions From(FastLbConfig config) =>
        new(config.FlowTableSize, config.Timeouts)
        {
            MaxServices = config.MaxServices > 0 ? config.MaxServices : AbiLimits.MaxServices,
            MaxReals = config.MaxReals > 0 ? config.MaxReals : AbiLimits.MaxReals,
        };

    /// <summary>struct fastlb_timeouts as the program reads it.</summary>
    public Timeouts ToAbi() => new()
    {
        SynNs = Ns(Timeouts.Syn),
        EstablishedNs = Ns(Timeouts.Established),
        FinNs = Ns(Timeouts.Fin),
        UdpNs = Ns(Timeouts.Udp),
        TickNs = KernelTick.Ns,
        JiffiesStart = KernelTick.JiffiesStart,
    };

    private static ulong Ns(TimeSpan t) => (ulong)t.Ticks * 100;
}
