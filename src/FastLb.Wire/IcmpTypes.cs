namespace FastLb.Wire;

/// <summary>ICMP and ICMPv6 message types the builder and the probes use.</summary>
public static class IcmpTypes
{
    public const byte EchoReply = 0;
    public const byte DestinationUnreachable = 3;
    public const byte EchoRequest = 8;
    public const byte DestinationUnreachableV6 = 1;
    public const byte EchoRequestV6 = 128;
    public const byte EchoReplyV6 = 129;
}
