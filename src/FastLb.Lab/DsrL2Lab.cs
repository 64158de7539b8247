using System.Globalization;
using System.Net;
using System.Text;

namespace FastLb.Lab;

/// <summary>
/// An L2 DSR one-arm lab: one bridged segment (namespace PREFIX-sw) joining a client
/// (PREFIX-cl), the load balancer (PREFIX-lb) and three reals (PREFIX-r1..r3). The reals hold
/// the VIP on lo and never answer ARP for it, and route the client's network on-link, so
/// their replies cross the switch straight to the client and never the load balancer.
/// </summary>
/// <remarks>
/// Fixed MACs (locally administered): client 02:00:00:00:00:10, LB 02:00:00:00:00:02, reals
/// 02:00:00:00:00:11..13; the switch-side port of each is 02:00:00:00:01:xx with the same last
/// byte. Interfaces: PREFIX-cl, PREFIX-lb, PREFIX-r1..r3 in the host namespaces; PREFIX-scl,
/// PREFIX-slb, PREFIX-sr1..sr3 and bridge PREFIX-br in the switch. The switch-side peer of the
/// LB's veth runs xdp_pass natively, so frames the LB's XDP program sends with XDP_TX are
/// delivered.
/// </remarks>
public sealed class DsrL2Lab : ThreeRealLab
{
    /// <summary>How long a prefix may be so every derived interface name fits in 15 characters.</summary>
    public const int MaxPrefixLength = 11;

    private DsrL2Lab(string prefix)
        : base(prefix)
    {
    }

    public LabNamespace Switch { get; private set; } = null!;

    /// <summary>The switch-side peer of <see cref="LbInterface"/> (runs xdp_pass), inside <see cref="Switch"/>.</summary>
    public string LbPeerInterface => Prefix + "-slb";

    public IPAddress LbAddress { get; } = IPAddress.Parse("192.0.2.2");

    public IPAddress LbAddressV6 { get; } = IPAddress.Parse("2001:db8:2::2");

    /// <summary>
    /// Builds the lab under <paramref name="prefix"/> (default: a fresh <see cref="LabNames.NewPrefix"/>).
    /// On any failure it deletes every namespace it had created, then rethrows.
    /// </summary>
    public static DsrL2Lab Create(string? prefix = null)
    {
        prefix ??= LabNames.NewPrefix();
        LabNamespaces.ValidatePrefix(prefix, MaxPrefixLength);
        return LabNamespaces.Build(new DsrL2Lab(prefix), lab => lab.Build());
    }

    /// <summary>A FastLb config for this lab: one dsr-l2 TCP service on the VIP, port <paramref name="port"/>, to the three reals.</summary>
    public string DefaultConfigYaml(int port, string metrics = "127.0.0.1:9100")
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("interface: ").Append(LbInterface).Append('\n');
        sb.Append("namespace: ").Append(Lb.Name).Append('\n');
        sb.Append("metrics: ").Append(metrics).Append('\n');
        sb.Append("services:\n");
        sb.Append("  - name: web\n");
        sb.Append("    vip: ").Append(Vip).Append('\n');
        sb.Append("    port: ").Append(p).Append('\n');
        sb.Append("    protocol: tcp\n");
        sb.Append("    mode: dsr-l2\n");
        sb.Append("    reals:\n");
        for (var i = 0; i < RealCount; i++)
        {
            sb.Append("      - {name: ").Append(RealNames[i])
              .Append(", address: ").Append(RealAddresses[i])
              .Append(", port: ").Append(p)
              .Append(", mac: ").Append(RealMacs[i])
              .Append(", weight: 1}\n");
        }
        return sb.ToString();
    }

    private void Build()
    {
        Switch = NewNamespace("sw");
        Client = NewNamespace("cl");
        Lb = NewNamespace("lb");
        var reals = new List<LabNamespace>();
        for (var i = 1; i <= RealCount; i++)
        {
            reals.Add(NewNamespace($"r{i}"));
        }
        Reals = reals;

        LabNamespaces.AddBridge(Switch, BridgeInterface);

        ConnectToSwitch(Client, ClientInterface, "scl", ClientMac);
        ConnectToSwitch(Lb, LbInterface, "slb", LbMac);
        for (var i = 0; i < RealCount; i++)
        {
            ConnectToSwitch(Reals[i], RealInterfaces[i], $"sr{i + 1}", RealMacs[i]);
        }

        // XDP_TX on a veth is delivered only if the peer runs an XDP program.
        LabNamespaces.AttachXdpPass(Switch, LbPeerInterface);

        ConfigureClient();
        ConfigureLb();
        for (var i = 0; i < RealCount; i++)
        {
            ConfigureReal(Reals[i], RealInterfaces[i], RealAddresses[i], RealAddressesV6[i]);
        }
    }

    private void ConnectToSwitch(LabNamespace host, string hostIf, string switchSuffix, string mac) =>
        LabNamespaces.ConnectToBridge(host, hostIf, Switch, $"{Prefix}-{switchSuffix}", BridgeInterface, mac);

    private void ConfigureClient()
    {
        var dev = ClientInterface;
        Client.Ip("addr", "add", "198.51.100.10/24", "dev", dev);
        Client.Ip("-6", "addr", "add", "2001:db8:1::10/64", "dev", dev, "nodad");
        Client.Ip("route", "add", "192.0.2.0/24", "dev", dev, "scope", "link");
        Client.Ip("route", "add", "203.0.113.0/24", "via", LbAddress.ToString(), "dev", dev, "onlink");
        Client.Ip("-6", "route", "add", "2001:db8:2::/64", "dev", dev);
        Client.Ip("-6", "route", "add", "2001:db8:3::/64", "via", LbAddressV6.ToString(), "dev", dev, "onlink");
        // Local sockets leave checksums unfinished; an XDP rewrite needs finished ones.
        LabNamespaces.TxOff(Client, dev);
    }

    private void ConfigureLb()
    {
        var dev = LbInterface;
        Lb.Ip("addr", "add", "192.0.2.2/24", "dev", dev);
        Lb.Ip("-6", "addr", "add", "2001:db8:2::2/64", "dev", dev, "nodad");
        // Lets the LB's kernel answer the client's ARP/ND (the client is on-link here).
        Lb.Ip("route", "add", "198.51.100.0/24", "dev", dev, "scope", "link");
        Lb.Ip("-6", "route", "add", "2001:db8:1::/64", "dev", dev);
        LabNamespaces.TxOff(Lb, dev);
    }

    private void ConfigureReal(LabNamespace real, string dev, IPAddress address, IPAddress addressV6)
    {
        LabNamespaces.HoldVips(real, dev, Vip, VipV6);
        real.Ip("addr", "add", address + "/24", "dev", dev);
        real.Ip("-6", "addr", "add", addressV6 + "/64", "dev", dev, "nodad");
        // Replies go to the client on-link through the switch, never back through the LB.
        real.Ip("route", "add", "198.51.100.0/24", "dev", dev, "scope", "link");
        real.Ip("-6", "route", "add", "2001:db8:1::/64", "dev", dev);
        LabNamespaces.TxOff(real, dev);
    }
}
