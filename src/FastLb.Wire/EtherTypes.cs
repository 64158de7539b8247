namespace FastLb.Wire;

/// <summary>EtherType values the builder and parser know.</summary>
public static class EtherTypes
{
    public const ushort IPv4 = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Vlan = 0x8100; // 802.1Q
    public const ushort QinQ = 0x88a8; // 802.1ad
    public const ushort IPv6 = 0x86dd;
    public const ushort Lldp = 0x88cc;
}
