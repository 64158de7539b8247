// Wires the transparent inline lab: client — router — FastLb (bump in the wire) — the reals' segment.
namespace FastLb.Lab;

/// <summary>
/// The client (198.51.100.10/24, 2001:db8:1::10/64) routes through a router (PREFIX-rt:
/// 198.51.100.1, 2001:db8:1::1 toward the client; 192.0.2.1, 2001:db8:2::1 toward the reals,
/// with the VIP networks 203.0.113.0/24 and 2001:db8:3::/64 on-link there too). Between the
/// router and the reals' switch sits FastLb with two interfaces and no addresses: it answers
/// ARP / ND for the VIPs and bridges every other frame. The reals' gateway is the router, on the
/// far side of FastLb, so replies cross FastLb.
/// </summary>
internal static class TransparentInlineTopology
{
    public static void Build(ModeLab lab)
    {
        lab.BuildSwitch();
        lab.Client = lab.NewNamespace("cl");
        var router = lab.NewNamespace("rt");
        lab.Router = router;
        ModeLab.Forwarding(router);
        lab.Lb = lab.NewNamespace("lb");
        // A bump in the wire: FastLb's namespace has no addresses and sends nothing of its own.
        lab.Lb.Sysctl("net.ipv6.conf.all.disable_ipv6", "1");
        lab.Lb.Sysctl("net.ipv6.conf.default.disable_ipv6", "1");

        var cl = lab.ClientInterface;
        var toClient = lab.Prefix + "-rc";
        var toLb = lab.Prefix + "-ro";
        var lb = lab.LbInterface;
        var inside = lab.InsideInterface!;
        VethPair.Create(lab.Client, cl, router, toClient, lab.ClientMac, "02:00:00:00:00:21");
        VethPair.Create(router, toLb, lab.Lb, lb, "02:00:00:00:00:01", lab.LbMac);
        lab.LbPeerNamespace = router;
        lab.LbPeerInterface = toLb;
        LabNamespaces.AttachXdpPass(router, toLb);
        lab.ConnectInsideAndClient();

        router.Ip("addr", "add", "198.51.100.1/24", "dev", toClient);
        router.Ip("-6", "addr", "add", "2001:db8:1::1/64", "dev", toClient, "nodad");
        router.Ip("addr", "add", "192.0.2.1/24", "dev", toLb);
        router.Ip("-6", "addr", "add", "2001:db8:2::1/64", "dev", toLb, "nodad");
        router.Ip("route", "add", "203.0.113.0/24", "dev", toLb, "scope", "link");
        router.Ip("-6", "route", "add", "2001:db8:3::/64", "dev", toLb);
        LabNamespaces.TxOff(router, toLb);

        LabNamespaces.TxOff(lab.Lb, lb);
        LabNamespaces.TxOff(lab.Lb, inside);

        lab.BuildReals((real, dev) =>
        {
            real.Ip("route", "add", "default", "via", "192.0.2.1", "dev", dev);
            real.Ip("-6", "route", "add", "default", "via", "2001:db8:2::1", "dev", dev);
        });
    }
}
