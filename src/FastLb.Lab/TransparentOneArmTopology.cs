// Wires the transparent one-arm lab: client, FastLb and reals on one L2 segment, SNAT to FastLb's address.
namespace FastLb.Lab;

/// <summary>
/// One bridge joins the client (198.51.100.10/24, 2001:db8:1::10/64; the VIP networks and the
/// reals' subnet on-link), FastLb (192.0.2.2/24, 2001:db8:2::2/64: the SNAT addresses; the
/// client's subnet on-link) and the reals (192.0.2.11-13/24, 2001:db8:2::11-13/64; the client's
/// subnet on-link). FastLb answers ARP / ND for the VIPs, rewrites the destination to a real
/// and the source to its SNAT address, so replies come back to it.
/// </summary>
internal static class TransparentOneArmTopology
{
    public static void Build(ModeLab lab)
    {
        lab.BuildOneArm();

        var cl = lab.ClientInterface;
        lab.Client.Ip("addr", "add", "198.51.100.10/24", "dev", cl);
        lab.Client.Ip("-6", "addr", "add", "2001:db8:1::10/64", "dev", cl, "nodad");
        lab.Client.Ip("route", "add", "192.0.2.0/24", "dev", cl, "scope", "link");
        lab.Client.Ip("route", "add", "203.0.113.0/24", "dev", cl, "scope", "link");
        lab.Client.Ip("-6", "route", "add", "2001:db8:2::/64", "dev", cl);
        lab.Client.Ip("-6", "route", "add", "2001:db8:3::/64", "dev", cl);
        LabNamespaces.TxOff(lab.Client, cl);

        var lb = lab.LbInterface;
        lab.Lb.Ip("addr", "add", "192.0.2.2/24", "dev", lb);
        lab.Lb.Ip("-6", "addr", "add", "2001:db8:2::2/64", "dev", lb, "nodad");
        lab.Lb.Ip("route", "add", "198.51.100.0/24", "dev", lb, "scope", "link");
        lab.Lb.Ip("-6", "route", "add", "2001:db8:1::/64", "dev", lb);
        LabNamespaces.TxOff(lab.Lb, lb);

        lab.BuildReals((real, dev) =>
        {
            real.Ip("route", "add", "198.51.100.0/24", "dev", dev, "scope", "link");
            real.Ip("-6", "route", "add", "2001:db8:1::/64", "dev", dev);
        });
    }
}
