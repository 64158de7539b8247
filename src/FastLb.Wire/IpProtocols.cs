namespace FastLb.Wire;

/// <summary>IP protocol / IPv6 next-header numbers the builder and parser know.</summary>
public static class IpProtocols
{
    public const byte HopByHop = 0;
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Routing = 43;
    public const byte Fragment = 44;
    public const byte Gre = 47;
    public const byte Icmpv6 = 58;
    public const byte NoNext = 59;
    public const byte DestinationOptions = 60;
}
