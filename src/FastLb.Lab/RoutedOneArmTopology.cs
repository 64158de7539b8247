// Wires the routed one-arm lab: client, FastLb and reals on one segment, two subnets, SNAT to FastLb's address.
namespace FastLb.Lab;

/// <summary>
/// One bridge joins the client (198.51.100.10/24, 2001:db8:1::10/64), FastLb (198.51.100.2 and
/// 192.0.2.2, 2001:db8:1::2 and 2001:db8:2::2, forwarding on: it is the router between both
/// subnets) and the reals (192.0.2.11-13/24, 2001:db8:2::11-13/64). The client reaches the VIPs
/// and the reals' subnet through FastLb; the reals' default route is FastLb's 192.0.2.2, which
/// is also the SNAT address, so replies to balanced flows come back to it.
/// </summary>
internal static class RoutedOneArmTopology
{
    public static void Build(ModeLab lab)
    {
        lab.BuildOneArm();

        var cl = lab.ClientInterface;
        NoRedirects(lab.Client, cl);
        lab.Client.Ip("addr", "add", "198.51.100.10/24", "dev", cl);
        lab.Client.Ip("-6", "addr", "add", "2001:db8:1::10/64", "dev", cl, "nodad");
        lab.Client.Ip("route", "add", "192.0.2.0/24", "via", "198.51.100.2");
        lab.Client.Ip("route", "add", "203.0.113.0/24", "via", "198.51.100.2");
        lab.Client.Ip("-6", "route", "add", "2001:db8:2::/64", "via", "2001:db8:1::2");
        lab.Client.Ip("-6", "route", "add", "2001:db8:3::/64", "via", "2001:db8:1::2");
        LabNamespaces.TxOff(lab.Client, cl);

        var lb = lab.LbInterface;
        lab.Lb.Ip("addr", "add", "198.51.100.2/24", "dev", lb);
        lab.Lb.Ip("addr", "add", "192.0.2.2/24", "dev", lb);
        lab.Lb.Ip("-6", "addr", "add", "2001:db8:1::2/64", "dev", lb, "nodad");
        lab.Lb.Ip("-6", "addr", "add", "2001:db8:2::2/64", "dev", lb, "nodad");
        LabNamespaces.TxOff(lab.Lb, lb);

        lab.BuildReals((real, dev) =>
        {
            NoRedirects(real, dev);
            real.Ip("route", "add", "default", "via", "192.0.2.2", "dev", dev);
            real.Ip("-6", "route", "add", "default", "via", "2001:db8:2::2", "dev", dev);
        });
    }

    /// <summary>FastLb's kernel, routing on the link it came from, would redirect hosts past itself (IPv6 always sends redirects).</summary>
    private static void NoRedirects(LabNamespace ns, string dev)
    {
        ns.Sysctl("net.ipv4.conf.all.accept_redirects", "0");
        ns.Sysctl($"net.ipv4.conf.{dev}.accept_redirects", "0");
        ns.Sysctl($"net.ipv6.conf.{dev}.accept_redirects", "0");
    }
}
