namespace FastLb.Wire;

/// <summary>The numbers that differ between ICMP (IPv4) and ICMPv6: the protocol and the message types used here.</summary>
public sealed record IcmpFamily(byte Protocol, byte EchoRequest, byte EchoReply, byte DestinationUnreachable)
{
    public static IcmpFamily V4 { get; } = new(IpProtocols.Icmp, 8, 0, 3);

    public static IcmpFamily V6 { get; } = new(IpProtocols.Icmpv6, 128, 129, 1);

    public static IcmpFamily For(bool v6) => v6 ? V6 : V4;
}
