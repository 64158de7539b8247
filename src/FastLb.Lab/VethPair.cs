namespace FastLb.Lab;

/// <summary>Creates veth pairs between lab namespaces; they vanish with their namespace.</summary>
public static class VethPair
{
    /// <summary>
    /// Creates veth <paramref name="a"/> in <paramref name="nsA"/> joined to <paramref name="b"/>
    /// in <paramref name="nsB"/>, both up, with optional MACs (e.g. "02:00:00:00:00:01").
    /// </summary>
    public static void Create(LabNamespace nsA, string a, LabNamespace nsB, string b, string? macA = null, string? macB = null)
    {
        Command.Run("ip", "link", "add", a, "netns", nsA.Name, "type", "veth", "peer", "name", b, "netns", nsB.Name);
        if (macA is not null)
        {
            nsA.Ip("link", "set", a, "address", macA);
        }
        if (macB is not null)
        {
            nsB.Ip("link", "set", b, "address", macB);
        }
        nsA.Ip("link", "set", a, "up");
        nsB.Ip("link", "set", b, "up");
    }

    /// <summary>
    /// Creates veth <paramref name="a"/> (MAC <paramref name="macA"/>) and its peer
    /// <paramref name="b"/> both in <paramref name="ns"/>, both up: a port to run frames in on,
    /// whose silent peer (no IPv6, so no autoconf chatter) only makes it carrier-up.
    /// </summary>
    public static void CreateWithSilentPeer(LabNamespace ns, string a, string macA, string b)
    {
        ns.Ip("link", "add", a, "address", macA, "type", "veth", "peer", "name", b);
        ns.Sysctl($"net.ipv6.conf.{b}.disable_ipv6", "1");
        ns.Ip("link", "set", b, "up");
        ns.Ip("link", "set", a, "up");
    }
}
