// A lab for the NAT modes (routed, transparent; one-arm or inline): client, FastLb's namespace, three reals.
using System.Net;

namespace FastLb.Lab;

/// <summary>
/// One of the <see cref="ModeTopology"/> labs: a client (PREFIX-cl), FastLb's namespace
/// (PREFIX-lb), a switch (PREFIX-sw, bridge PREFIX-br) joining three reals (PREFIX-r1..r3), and
/// for the transparent inline lab a router (PREFIX-rt) on the client side. The reals serve the
/// service port <see cref="ServicePort"/> on <see cref="RealPort"/>. The topology's builder
/// (RoutedOneArmTopology, ...) wires it; this class holds what tests and configs need.
/// </summary>
/// <remarks>
/// Fixed MACs (locally administered): client 02:00:00:00:00:10, FastLb outside 02:00:00:00:00:02,
/// inside 02:00:00:00:00:03, router 02:00:00:00:00:01 (toward FastLb) and 02:00:00:00:00:21
/// (toward the client), reals 02:00:00:00:00:11..13. The peer of every FastLb interface runs
/// xdp_pass, so frames FastLb sends with XDP_TX or XDP_REDIRECT are delivered.
/// </remarks>
public sealed class ModeLab : ThreeRealLab
{
    /// <summary>The VIP's port.</summary>
    public const int ServicePort = 80;

    /// <summary>The port the reals listen on: FastLb translates the service port to it.</summary>
    public const int RealPort = 8080;

    private ModeLab(ModeTopology topology, string prefix)
        : base(prefix)
    {
        Topology = topology;
    }

    public ModeTopology Topology { get; }

    /// <summary>True when FastLb serves two interfaces (client side and server side).</summary>
    public bool Inline => Topology is ModeTopology.RoutedInline or ModeTopology.TransparentInline;

    /// <summary>"routed" or "transparent": the config's `mode:`.</summary>
    public string ModeName => Topology is ModeTopology.RoutedOneArm or ModeTopology.RoutedInline ? "routed" : "transparent";

    public LabNamespace Switch { get; internal set; } = null!;

    /// <summary>The client-side router (transparent inline only), else null.</summary>
    public LabNamespace? Router { get; internal set; }

    /// <summary>FastLb's `inside-interface:` (inline), else null.</summary>
    public string? InsideInterface => Inline ? Prefix + "-in" : null;

    /// <summary>The peer of <see cref="LbInterface"/>: where what FastLb sends out of it arrives.</summary>
    public LabNamespace LbPeerNamespace { get; internal set; } = null!;

    public string LbPeerInterface { get; internal set; } = "";

    /// <summary>The peer of <see cref="InsideInterface"/> (a switch port), inline only.</summary>
    public string? InsidePeerInterface => Inline ? Prefix + "-sin" : null;

    public string InsideMac => "02:00:00:00:00:03";

    /// <summary>FastLb's own address that requests leave from (`snat:`), one-arm only; else null.</summary>
    public IPAddress? SnatAddress { get; internal set; }

    public IPAddress? SnatAddressV6 { get; internal set; }

    /// <summary>Whether the config should give each real's `mac:` (FastLb cannot resolve it itself).</summary>
    public bool RealsNeedMac => Topology == ModeTopology.TransparentInline;

    /// <summary>Builds <paramref name="topology"/> under <paramref name="prefix"/> (default: fresh); on failure removes what it made.</summary>
    public static ModeLab Create(ModeTopology topology, string? prefix = null)
    {
        prefix ??= LabNames.NewPrefix();
        LabNamespaces.ValidatePrefix(prefix, 10);
        return LabNamespaces.Build(new ModeLab(topology, prefix), lab =>
        {
            switch (topology)
            {
                case ModeTopology.RoutedOneArm:
                    RoutedOneArmTopology.Build(lab);
                    break;
                case ModeTopology.RoutedInline:
                    RoutedInlineTopology.Build(lab);
                    break;
                case ModeTopology.TransparentInline:
                    TransparentInlineTopology.Build(lab);
                    break;
                case ModeTopology.TransparentOneArm:
                    TransparentOneArmTopology.Build(lab);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(topology), topology, null);
            }
        });
    }

    /// <summary>Starts an HTTP server on <see cref="RealPort"/> (any address, v4 and v6) in every real, named real1..real3.</summary>
    public LabHttpServers StartHttpServers() =>
        StartHttpServers(RealPort);

    /// <summary>The switch namespace with its bridge (L2 only, no IPv6 of its own).</summary>
    internal void BuildSwitch()
    {
        Switch = NewNamespace("sw");
        LabNamespaces.AddBridge(Switch, BridgeInterface);
    }

    /// <summary>Joins <paramref name="hostIf"/> in <paramref name="host"/> to the bridge as switch port PREFIX-SUFFIX.</summary>
    internal string ConnectToSwitch(LabNamespace host, string hostIf, string switchSuffix, string mac)
    {
        var switchIf = $"{Prefix}-{switchSuffix}";
        LabNamespaces.ConnectToBridge(host, hostIf, Switch, switchIf, BridgeInterface, mac);
        return switchIf;
    }

    /// <summary>
    /// The one-arm start: switch, client and FastLb (forwarding on: it routes, or forwards the
    /// rewritten frames it hands to the kernel) on it, SNAT to 192.0.2.2 / 2001:db8:2::2, and
    /// xdp_pass on FastLb's switch port.
    /// </summary>
    internal void BuildOneArm()
    {
        BuildSwitch();
        Client = NewNamespace("cl");
        Lb = NewNamespace("lb");
        Forwarding(Lb);
        SnatAddress = IPAddress.Parse("192.0.2.2");
        SnatAddressV6 = IPAddress.Parse("2001:db8:2::2");

        ConnectToSwitch(Client, ClientInterface, "scl", ClientMac);
        LbPeerInterface = ConnectToSwitch(Lb, LbInterface, "slb", LbMac);
        LbPeerNamespace = Switch;
        LabNamespaces.AttachXdpPass(Switch, LbPeerInterface);
    }

    /// <summary>Inline: FastLb's inside interface on the switch (its port runs xdp_pass), and the client behind 198.51.100.1 / 2001:db8:1::1.</summary>
    internal void ConnectInsideAndClient()
    {
        ConnectToSwitch(Lb, InsideInterface!, "sin", InsideMac);
        LabNamespaces.AttachXdpPass(Switch, InsidePeerInterface!);

        var cl = ClientInterface;
        Client.Ip("addr", "add", "198.51.100.10/24", "dev", cl);
        Client.Ip("-6", "addr", "add", "2001:db8:1::10/64", "dev", cl, "nodad");
        Client.Ip("route", "add", "default", "via", "198.51.100.1");
        Client.Ip("-6", "route", "add", "default", "via", "2001:db8:1::1");
        LabNamespaces.TxOff(Client, cl);
    }

    /// <summary>The three reals on the switch, with their addresses, a route to the clients, and checksum offload off.</summary>
    internal void BuildReals(Action<LabNamespace, string> route)
    {
        var reals = new List<LabNamespace>();
        for (var i = 0; i < RealCount; i++)
        {
            var real = NewNamespace($"r{i + 1}");
            reals.Add(real);
            var dev = RealInterfaces[i];
            ConnectToSwitch(real, dev, $"sr{i + 1}", RealMacs[i]);
            real.Ip("addr", "add", RealAddresses[i] + "/24", "dev", dev);
            real.Ip("-6", "addr", "add", RealAddressesV6[i] + "/64", "dev", dev, "nodad");
            route(real, dev);
            LabNamespaces.TxOff(real, dev);
        }
        Reals = reals;
    }

    /// <summary>Turns the namespace into a router: forwarding on, no ICMP redirects that would short-cut it.</summary>
    internal static void Forwarding(LabNamespace ns)
    {
        ns.Sysctl("net.ipv4.ip_forward", "1");
        ns.Sysctl("net.ipv4.conf.all.send_redirects", "0");
        ns.Sysctl("net.ipv4.conf.default.send_redirects", "0");
        ns.Sysctl("net.ipv6.conf.all.forwarding", "1");
    }
}
