// The namespaces a lab builds, and the wiring its labs share: bridges, real servers, VIPs on lo.
using System.Net;
using FastLb.Interop;

namespace FastLb.Lab;

/// <summary>
/// The namespaces one lab created (PREFIX-SUFFIX, deleted in reverse on dispose) and the steps
/// every lab builds from: a switch bridge and its ports, an HTTP server per real, a real holding
/// the VIPs on lo for DSR.
/// </summary>
internal sealed class LabNamespaces(string prefix) : IDisposable
{
    private readonly List<LabNamespace> _created = [];
    private bool _disposed;

    /// <summary>Builds <paramref name="lab"/> with <paramref name="build"/>; on any failure disposes the lab (its namespaces) and rethrows.</summary>
    public static T Build<T>(T lab, Action<T> build)
        where T : IDisposable
    {
        try
        {
            build(lab);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>A prefix of 1..<paramref name="maxLength"/> lower-case letters and digits, starting with a letter; else a clear error.</summary>
    public static void ValidatePrefix(string prefix, int maxLength)
    {
        if (prefix.Length == 0 || prefix.Length > maxLength || !char.IsAsciiLetterLower(prefix[0]) || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"lab prefix '{prefix}' must be 1..{maxLength} lower-case letters and digits, starting with a letter", nameof(prefix));
        }
    }

    /// <summary>Starts <paramref name="count"/> servers with <paramref name="start"/>; if one fails, stops those started and rethrows.</summary>
    public static LabHttpServers StartHttpServers(int count, Func<int, LabHttpServer> start)
    {
        var servers = new List<LabHttpServer>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                servers.Add(start(i));
            }
            return new LabHttpServers(servers);
        }
        catch
        {
            foreach (var s in servers)
            {
                s.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            throw;
        }
    }

    /// <summary>An L2-only switch: no IPv6 of its own, and bridge <paramref name="bridge"/> up.</summary>
    public static void AddBridge(LabNamespace sw, string bridge)
    {
        // The switch is L2 only: no IPv6 link-local chatter from its ports.
        sw.Sysctl("net.ipv6.conf.all.disable_ipv6", "1");
        sw.Sysctl("net.ipv6.conf.default.disable_ipv6", "1");
        sw.Ip("link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
        sw.Ip("link", "set", bridge, "up");
    }

    /// <summary>Joins <paramref name="hostIf"/> in <paramref name="host"/> to <paramref name="bridge"/> as port <paramref name="switchIf"/> (MAC 02:00:00:00:01:xx, xx from <paramref name="mac"/>).</summary>
    public static void ConnectToBridge(LabNamespace host, string hostIf, LabNamespace sw, string switchIf, string bridge, string mac)
    {
        VethPair.Create(host, hostIf, sw, switchIf, mac, "02:00:00:00:01:" + mac[^2..]);
        sw.Ip("link", "set", switchIf, "master", bridge);
    }

    /// <summary>A DSR real: the VIPs on lo, never answered or announced in ARP on <paramref name="dev"/>.</summary>
    public static void HoldVips(LabNamespace real, string dev, IPAddress vip, IPAddress vipV6)
    {
        // Never answer or announce ARP for the VIP that sits on lo.
        real.Sysctl("net.ipv4.conf.all.arp_ignore", "1");
        real.Sysctl("net.ipv4.conf.all.arp_announce", "2");
        real.Sysctl($"net.ipv4.conf.{dev}.arp_ignore", "1");
        real.Sysctl($"net.ipv4.conf.{dev}.arp_announce", "2");
        real.Ip("addr", "add", vip + "/32", "dev", "lo");
        real.Ip("-6", "addr", "add", vipV6 + "/128", "dev", "lo", "nodad");
    }

    /// <summary>XDP_TX / XDP_REDIRECT into a veth is delivered only if the receiving peer runs an XDP program.</summary>
    public static void AttachXdpPass(LabNamespace ns, string dev) =>
        ns.Ip("link", "set", "dev", dev, "xdpdrv", "obj", NativePaths.BpfObject("xdp_pass"), "sec", "xdp");

    /// <summary>Local sockets leave checksums unfinished (offload); an XDP rewrite needs finished ones.</summary>
    public static void TxOff(LabNamespace ns, string dev) => ns.Exec("ethtool", "-K", dev, "tx", "off");

    /// <summary>A new namespace PREFIX-SUFFIX owned by the lab, with rp_filter and DAD off.</summary>
    public LabNamespace New(string suffix)
    {
        var ns = LabNamespace.Create($"{prefix}-{suffix}");
        _created.Add(ns);
        // Before any veth arrives, so every interface inherits these defaults.
        ns.Sysctl("net.ipv4.conf.all.rp_filter", "0");
        ns.Sysctl("net.ipv4.conf.default.rp_filter", "0");
        ns.Sysctl("net.ipv6.conf.all.accept_dad", "0");
        ns.Sysctl("net.ipv6.conf.default.accept_dad", "0");
        return ns;
    }

    /// <summary>Deletes every namespace created, newest first (their veths and bridges go with them).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            _created[i].Dispose();
        }
    }
}
