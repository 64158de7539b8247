using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// What is fixed when the program is loaded: connection-table sizes and idle timeouts. The SYN table
/// (flows that have sent only SYNs) is a quarter of the connection table, at least 1024 entries.
/// </summary>
public sealed record DataPlaneOptions(int FlowTableSize, FlowTimeouts Timeouts)
{
    /// <summary>The compiled sizes and the default timeouts (tests, tools).</summary>
    public static DataPlaneOptions Compiled { get; } = new(AbiLimits.FlowsMax, FlowTimeouts.Default);

    public int SynTableSize => Math.Max(1024, FlowTableSize / 4);

    public static DataPlaneOptions From(FastLbConfig config) => new(config.FlowTableSize, config.Timeouts);

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
