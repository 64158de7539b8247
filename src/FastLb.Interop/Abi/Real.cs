using System.Net;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_real: value of fastlb_reals, keyed by real index. Port in network byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Real
{
    /// <summary>__be32 addr[4]: real address; IPv4 in the first 4 bytes.</summary>
    public fixed uint Addr[4];

    /// <summary>__be16 port: network byte order.</summary>
    public ushort Port;

    public Family Family;

    public RealFlags Flags;

    /// <summary>L2 next hop (DSR-L2).</summary>
    public fixed byte Mac[6];

    /// <summary>Id of the service the real belongs to: a flow pinned to this index by another service is treated as new.</summary>
    public ushort Service;

    /// <summary>Generation of the index: changes whenever the index names another real, so flows pinned to the earlier one are treated as new.</summary>
    public uint Gen;

    /// <summary>Weight for new flows: 0 when drained or down (weighted least connections divides by it).</summary>
    public uint Weight;

    public readonly IPAddress Address => AbiAddress.Read(Family, in Addr[0]);

    /// <summary>The real's port in host byte order.</summary>
    public readonly ushort HostPort => AbiAddress.ToHost(Port);

    public readonly PhysicalAddress MacAddress => AbiAddress.ReadMac(in Mac[0]);

    /// <summary>A zeroed real (port in host order).</summary>
    public static Real Create(IPAddress address, ushort port, PhysicalAddress mac, RealFlags flags, ushort service)
    {
        var real = Create(address, port, mac, flags);
        real.Service = service;
        return real;
    }

    public static Real Create(IPAddress address, ushort port, PhysicalAddress mac, RealFlags flags)
    {
        var real = default(Real);
        real.Family = AbiAddress.Write(address, new Span<byte>(real.Addr, 16));
        real.Port = AbiAddress.ToNetwork(port);
        AbiAddress.WriteMac(mac, new Span<byte>(real.Mac, 6));
        real.Flags = flags;
        return real;
    }

    public override readonly string ToString() => $"{Address}:{HostPort} via {MacAddress} ({Flags})";
}

/// <summary>enum fastlb_real_flags.</summary>
[Flags]
public enum RealFlags : byte
{
    None = 0,

    /// <summary>Eligible: flows pinned to a real without it are rescheduled.</summary>
    Up = 1,

    /// <summary>Mac is set; else transparent mode asks the neighbour table.</summary>
    Mac = 2,
}
