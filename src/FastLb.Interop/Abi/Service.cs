using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_service: value of fastlb_service_cfg (two copies per service id).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Service
{
    /// <summary>Index into fastlb_svc_stats and the ring array.</summary>
    public uint Id;

    /// <summary>Maglev table size, a prime &lt;= <see cref="AbiLimits.RingMax"/>.</summary>
    public uint RingSize;

    /// <summary>Live copy of the double-buffered ring: 0 or 1.</summary>
    public byte RingActive;

    public Mode Mode;

    public Algorithm Algorithm;

    public ServiceFlags Flags;

    /// <summary>First SNAT port, host order.</summary>
    public ushort SnatPortMin;

    /// <summary>Last SNAT port, host order.</summary>
    public ushort SnatPortMax;

    /// <summary>__be32 snat_addr[4]: SNAT source, the VIP's family; IPv4 in the first 4 bytes.</summary>
    public fixed uint SnatAddr[4];

    /// <summary>Flow-key fields hashed (<see cref="Algorithm.Hash"/>) or keyed (<see cref="Algorithm.Sticky"/>).</summary>
    public HashFields HashFields;

    /// <summary>Zero.</summary>
    public fixed byte Pad[3];

    /// <summary><see cref="Algorithm.Sticky"/>: a client idle this many seconds is placed anew.</summary>
    public uint StickyTimeoutS;

    /// <summary>The SNAT address, or null without <see cref="ServiceFlags.Snat"/>.</summary>
    public readonly IPAddress? SnatAddress
    {
        get
        {
            if ((Flags & ServiceFlags.Snat) == 0)
            {
                return null;
            }
            fixed (uint* a = SnatAddr)
            {
                var bytes = new ReadOnlySpan<byte>(a, 16);
                return bytes[4..].IndexOfAnyExcept((byte)0) < 0 ? new IPAddress(bytes[..4]) : new IPAddress(bytes);
            }
        }
    }

    /// <summary>Sets <see cref="ServiceFlags.Snat"/>, the address and the port range (host order).</summary>
    public void SetSnat(IPAddress address, ushort portMin, ushort portMax)
    {
        fixed (uint* a = SnatAddr)
        {
            AbiAddress.Write(address, new Span<byte>(a, 16));
        }
        SnatPortMin = portMin;
        SnatPortMax = portMax;
        Flags |= ServiceFlags.Snat;
    }
}

/// <summary>enum fastlb_service_flags.</summary>
[Flags]
public enum ServiceFlags : byte
{
    None = 0,

    /// <summary>Source becomes snat_addr and a port from the SNAT range.</summary>
    Snat = 1,

    /// <summary>`stateless:` every packet placed by the hash, no connection-table entry.</summary>
    Stateless = 2,
}
