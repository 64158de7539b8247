using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>
/// struct fastlb_nat: value of the NAT table (<c>fastlb_nats</c>' one inner map), keyed by a reply's 5-tuple as it arrives from the real;
/// how to un-NAT it. Ports in network byte order.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Nat
{
    /// <summary>Client address: destination of the un-NATed reply.</summary>
    public fixed uint Client[4];

    /// <summary>VIP: source of the un-NATed reply.</summary>
    public fixed uint Vip[4];

    /// <summary>__be16 client port.</summary>
    public ushort ClientPort;

    /// <summary>__be16 service port.</summary>
    public ushort VipPort;

    /// <summary>Service id.</summary>
    public uint Service;

    /// <summary>Real index.</summary>
    public uint Real;

    public Mode Mode;

    /// <summary>Zero.</summary>
    public byte Pad;

    /// <summary>The data-plane clock's ns &gt;&gt; <see cref="AbiLimits.NatBornShift"/> when written, truncated: an entry
    /// this young may belong to a flow another CPU is pinning, so its SNAT port is not taken over.</summary>
    public ushort Born;

    /// <summary>Next hop back to the client: zero at creation, resolved by a reply.</summary>
    public Hop ClientHop;

    public readonly IPAddress ClientAddress(Family family) => AbiAddress.Read(family, in Client[0]);

    public readonly IPAddress VipAddress(Family family) => AbiAddress.Read(family, in Vip[0]);

    public readonly ushort ClientHostPort => AbiAddress.ToHost(ClientPort);

    public readonly ushort VipHostPort => AbiAddress.ToHost(VipPort);
}
