using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>Conversions between .NET addresses and the raw byte fields of the ABI structs.</summary>
internal static class AbiAddress
{
    /// <summary>Writes <paramref name="address"/> in network order into a zeroed 16-byte field; IPv4 fills the first 4.</summary>
    internal static Family Write(IPAddress address, Span<byte> field)
    {
        ArgumentNullException.ThrowIfNull(address);
        field.Clear();
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (!address.TryWriteBytes(field, out _))
        {
            throw new ArgumentException($"address '{address}' does not fit a 16-byte field", nameof(address));
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => Family.Inet,
            AddressFamily.InterNetworkV6 => Family.Inet6,
            _ => throw new ArgumentException($"address '{address}' is neither IPv4 nor IPv6", nameof(address)),
        };
    }

    internal static IPAddress Read(Family family, ReadOnlySpan<byte> field) => family switch
    {
        Family.Inet => new IPAddress(field[..4]),
        Family.Inet6 => new IPAddress(field[..16]),
        _ => throw new InvalidOperationException($"address family {(int)family} is neither AF_INET nor AF_INET6"),
    };

    /// <summary>Reads a 16-byte address field given by its first word (a fixed uint[4] of an ABI struct).</summary>
    internal static IPAddress Read(Family family, in uint field) =>
        Read(family, MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(in field, 4)));

    /// <summary>Reads a 6-byte MAC field given by its first byte (a fixed byte[6] of an ABI struct).</summary>
    internal static PhysicalAddress ReadMac(in byte field) => new(MemoryMarshal.CreateReadOnlySpan(in field, 6).ToArray());

    internal static void WriteMac(PhysicalAddress mac, Span<byte> field)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var bytes = mac.GetAddressBytes();
        if (bytes.Length != 6)
        {
            throw new ArgumentException($"MAC address '{mac}' has {bytes.Length} bytes, not 6", nameof(mac));
        }
        bytes.CopyTo(field);
    }

    internal static ushort ToNetwork(ushort port) => (ushort)IPAddress.HostToNetworkOrder((short)port);

    internal static ushort ToHost(ushort port) => (ushort)IPAddress.NetworkToHostOrder((short)port);
}
