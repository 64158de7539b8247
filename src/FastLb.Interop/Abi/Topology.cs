using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_topology: value of fastlb_topology (one entry, key 0).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Topology
{
    /// <summary>Outside interface's MAC: source of rewritten frames.</summary>
    public fixed byte Mac[6];

    /// <summary>Inside interface's MAC (inline), else equal to <see cref="Mac"/>.</summary>
    public fixed byte InsideMac[6];

    /// <summary>Outside interface (`interface:`).</summary>
    public uint Ifindex;

    /// <summary>Inside interface (`inside-interface:`), 0 when one-arm.</summary>
    public uint InsideIfindex;

    public TopologyFlags Flags;

    public readonly PhysicalAddress MacAddress => AbiAddress.ReadMac(in Mac[0]);

    public readonly PhysicalAddress InsideMacAddress => AbiAddress.ReadMac(in InsideMac[0]);

    /// <summary>One-arm: the inside port is the outside one.</summary>
    public static Topology Create(PhysicalAddress mac, int ifindex) => Create(mac, ifindex, mac, 0, TopologyFlags.None);

    /// <summary>Inline when <paramref name="insideIfindex"/> is not 0.</summary>
    public static Topology Create(PhysicalAddress mac, int ifindex, PhysicalAddress insideMac, int insideIfindex, TopologyFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ifindex);
        ArgumentOutOfRangeException.ThrowIfNegative(insideIfindex);
        var config = default(Topology);
        AbiAddress.WriteMac(mac, new Span<byte>(config.Mac, 6));
        AbiAddress.WriteMac(insideMac, new Span<byte>(config.InsideMac, 6));
        config.Ifindex = (uint)ifindex;
        config.InsideIfindex = (uint)insideIfindex;
        config.Flags = flags;
        return config;
    }
}

/// <summary>enum fastlb_topology_flags.</summary>
[Flags]
public enum TopologyFlags : uint
{
    None = 0,

    /// <summary>Inline transparent: frames not for FastLb cross to the other port.</summary>
    Bridge = 1,
}
