// Wires the routed inline lab: client —(outside)— FastLb —(inside)— the reals' segment.
namespace FastLb.Lab;

/// <summary>
/// The client (198.51.100.10/24, 2001:db8:1::10/64) is joined by one veth to FastLb's outside
/// interface (198.51.100.1, 2001:db8:1::1); FastLb's inside interface (192.0.2.1, 2001:db8:2::1)
/// is a port of the reals' switch. FastLb routes (forwarding on) and is the default gateway of
/// both sides, so every reply crosses it without SNAT.
/// </summary>
internal static class RoutedInlineTopology
{
    public static void Build(ModeLab lab)
    {
        lab.BuildSwitch();
        lab.Client = lab.NewNamespace("cl");
        lab.Lb = lab.NewNamespace("lb");
        ModeLab.Forwarding(lab.Lb);

        var cl = lab.ClientInterface;
        var lb = lab.LbInterface;
        var inside = lab.InsideInterface!;
        VethPair.Create(lab.Client, cl, lab.Lb, lb, lab.ClientMac, lab.LbMac);
        lab.LbPeerNamespace = lab.Client;
        lab.LbPeerInterface = cl;
        LabNamespaces.AttachXdpPass(lab.Client, cl);
        lab.ConnectInsideAndClient();

        lab.Lb.Ip("addr", "add", "198.51.100.1/24", "dev", lb);
        lab.Lb.Ip("-6", "addr", "add", "2001:db8:1::1/64", "dev", lb, "nodad");
        lab.Lb.Ip("addr", "add", "192.0.2.1/24", "dev", inside);
        lab.Lb.Ip("-6", "addr", "add", "2001:db8:2::1/64", "dev", inside, "nodad");
        LabNamespaces.TxOff(lab.Lb, lb);
        LabNamespaces.TxOff(lab.Lb, inside);

        lab.BuildReals((real, dev) =>
        {
            real.Ip("route", "add", "default", "via", "192.0.2.1", "dev", dev);
            real.Ip("-6", "route", "add", "default", "via", "2001:db8:2::1", "dev", dev);
        });
    }
}
