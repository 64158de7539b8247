using System.Globalization;
using System.Net;
using System.Text;

namespace FastLb.Lab;

/// <summary>
/// An L3 DSR lab: a router (PREFIX-rt) joining three networks — the client's (PREFIX-cl,
/// 198.51.100.0/24, 2001:db8:1::/64), FastLb's own (PREFIX-lb, one-arm, 192.0.2.64/26,
/// 2001:db8:4::/64) and the reals' (PREFIX-r1..r3 on a bridge, 192.0.2.0/26, 2001:db8:2::/64).
/// The router sends the VIPs and the tunnels' source prefixes to FastLb; FastLb tunnels requests
/// back through the router to the reals, which hold the VIPs on lo (arp_ignore / arp_announce) and
/// answer the client through the router, never through FastLb.
/// </summary>
/// <remarks>
/// The router-side peer of FastLb's veth runs xdp_pass, so frames FastLb sends with XDP_TX are
/// delivered. Reals need FastLb's decapsulator on their interface (<see cref="RealInterfaces"/>).
/// </remarks>
public sealed class L3DsrLab : ThreeRealLab
{
    public const int MaxPrefixLength = 11;

    private L3DsrLab(string prefix)
        : base(prefix)
    {
    }

    public LabNamespace Router { get; private set; } = null!;

    /// <summary>The router-side peer of <see cref="LbInterface"/> (runs xdp_pass).</summary>
    public string LbPeerInterface => Prefix + "-rlb";

    public IPAddress LbAddress { get; } = IPAddress.Parse("192.0.2.66");

    public IPAddress LbAddressV6 { get; } = IPAddress.Parse("2001:db8:4::2");

    /// <summary>`encap-source`: prefixes routed to FastLb whose host bits vary per flow.</summary>
    public string EncapSource4 => "192.0.2.96/28";

    public string EncapSource6 => "2001:db8:5::/120";

    public static L3DsrLab Create(string? prefix = null)
    {
        prefix ??= LabNames.NewPrefix();
        LabNamespaces.ValidatePrefix(prefix, MaxPrefixLength);
        return LabNamespaces.Build(new L3DsrLab(prefix), lab => lab.Build());
    }

    /// <summary>
    /// A FastLb config for this lab: one service on <paramref name="v6"/>'s VIP, port
    /// <paramref name="port"/>, in <paramref name="mode"/> (dsr-ipip or dsr-gue), to the three reals;
    /// <paramref name="check"/> is a `check:` flow mapping or null.
    /// </summary>
    public string ConfigYaml(string mode, bool v6, int port, string? check = null, string metrics = "127.0.0.1:9100")
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("interface: ").Append(LbInterface).Append('\n');
        sb.Append("namespace: ").Append(Lb.Name).Append('\n');
        sb.Append("metrics: ").Append(metrics).Append('\n');
        sb.Append("encap-source: {v4: ").Append(EncapSource4).Append(", v6: \"").Append(EncapSource6).Append("\"}\n");
        sb.Append("services:\n");
        sb.Append("  - name: web\n");
        sb.Append("    vip: \"").Append(v6 ? VipV6 : Vip).Append("\"\n");
        sb.Append("    port: ").Append(p).Append('\n');
        sb.Append("    mode: ").Append(mode).Append('\n');
        if (check is not null)
        {
            sb.Append("    check: ").Append(check).Append('\n');
        }
        sb.Append("    reals:\n");
        for (var i = 0; i < RealCount; i++)
        {
            sb.Append("      - {name: ").Append(RealNames[i]).Append(", address: \"").Append(v6 ? RealAddressesV6[i] : RealAddresses[i]).Append("\"}\n");
        }
        return sb.ToString();
    }

    private void Build()
    {
        Router = NewNamespace("rt");
        Client = NewNamespace("cl");
        Lb = NewNamespace("lb");
        Reals = [.. Enumerable.Range(1, RealCount).Select(i => NewNamespace($"r{i}"))];

        Router.Sysctl("net.ipv4.conf.all.forwarding", "1");
        Router.Sysctl("net.ipv6.conf.all.forwarding", "1");
        Router.Sysctl("net.ipv4.conf.all.send_redirects", "0");
        Router.Ip("link", "add", BridgeInterface, "type", "bridge", "stp_state", "0", "forward_delay", "0");
        Router.Ip("link", "set", BridgeInterface, "up");

        VethPair.Create(Client, ClientInterface, Router, Prefix + "-rcl", "02:00:00:00:00:10", "02:00:00:00:01:10");
        VethPair.Create(Lb, LbInterface, Router, LbPeerInterface, "02:00:00:00:00:02", "02:00:00:00:01:02");
        for (var i = 0; i < RealCount; i++)
        {
            var peer = $"{Prefix}-sr{i + 1}";
            VethPair.Create(Reals[i], RealInterfaces[i], Router, peer, $"02:00:00:00:00:1{i + 1}", $"02:00:00:00:01:1{i + 1}");
            Router.Sysctl($"net.ipv6.conf.{peer}.disable_ipv6", "1");
            Router.Ip("link", "set", peer, "master", BridgeInterface);
        }
        // XDP_TX on a veth is delivered only if the peer runs an XDP program.
        LabNamespaces.AttachXdpPass(Router, LbPeerInterface);

        Router.Ip("addr", "add", "198.51.100.1/24", "dev", Prefix + "-rcl");
        Router.Ip("-6", "addr", "add", "2001:db8:1::1/64", "dev", Prefix + "-rcl", "nodad");
        Router.Ip("addr", "add", "192.0.2.65/26", "dev", LbPeerInterface);
        Router.Ip("-6", "addr", "add", "2001:db8:4::1/64", "dev", LbPeerInterface, "nodad");
        Router.Ip("addr", "add", "192.0.2.1/26", "dev", BridgeInterface);
        Router.Ip("-6", "addr", "add", "2001:db8:2::1/64", "dev", BridgeInterface, "nodad");
        Router.Ip("route", "add", Vip + "/32", "via", LbAddress.ToString());
        Router.Ip("-6", "route", "add", VipV6 + "/128", "via", LbAddressV6.ToString());
        Router.Ip("route", "add", EncapSource4, "via", LbAddress.ToString());
        Router.Ip("-6", "route", "add", EncapSource6, "via", LbAddressV6.ToString());

        Client.Ip("addr", "add", ClientAddress + "/24", "dev", ClientInterface);
        Client.Ip("-6", "addr", "add", ClientAddressV6 + "/64", "dev", ClientInterface, "nodad");
        Client.Ip("route", "add", "default", "via", "198.51.100.1");
        Client.Ip("-6", "route", "add", "default", "via", "2001:db8:1::1");
        // Local sockets leave checksums unfinished; FastLb tunnels frames as they arrive.
        LabNamespaces.TxOff(Client, ClientInterface);

        // bpf_fib_lookup answers only where forwarding is on.
        Lb.Sysctl("net.ipv4.conf.all.forwarding", "1");
        Lb.Sysctl("net.ipv6.conf.all.forwarding", "1");
        Lb.Ip("addr", "add", LbAddress + "/26", "dev", LbInterface);
        Lb.Ip("-6", "addr", "add", LbAddressV6 + "/64", "dev", LbInterface, "nodad");
        Lb.Ip("route", "add", "default", "via", "192.0.2.65");
        Lb.Ip("-6", "route", "add", "default", "via", "2001:db8:4::1");
        LabNamespaces.TxOff(Lb, LbInterface);

        for (var i = 0; i < RealCount; i++)
        {
            ConfigureReal(Reals[i], RealInterfaces[i], RealAddresses[i], RealAddressesV6[i]);
        }
    }

    private void ConfigureReal(LabNamespace real, string dev, IPAddress address, IPAddress addressV6)
    {
        LabNamespaces.HoldVips(real, dev, Vip, VipV6);
        real.Ip("addr", "add", address + "/26", "dev", dev);
        real.Ip("-6", "addr", "add", addressV6 + "/64", "dev", dev, "nodad");
        real.Ip("route", "add", "default", "via", "192.0.2.1");
        real.Ip("-6", "route", "add", "default", "via", "2001:db8:2::1");
        LabNamespaces.TxOff(real, dev);
    }
}
