using System.Globalization;
using FastLb.Interop.Abi;
using FastLb.Lab;
using FastLb.Reconciler;

namespace FastLb.Bench;

/// <summary>
/// A namespace built so bpf_fib_lookup answers the NAT modes inside BPF_PROG_TEST_RUN: o0 (outside,
/// the LB's MAC) with clients 198.51.100.0/24, i0 (inside) with reals 192.0.2.0/24; static
/// neighbours for the three reals and for every client address the harness can vary to
/// (198.51.100.10 .. .250), so no lookup ever waits on ARP. L3 DSR reals (<see cref="TunnelRealPrefix"/>)
/// sit behind a router on the outside (<see cref="RouterMac"/>): their tunnels leave where requests
/// came in (one-arm, XDP_TX). Dispose deletes it.
/// </summary>
public sealed class NatNamespace : IDisposable
{
    public const string RouterMac = "02:00:00:00:00:fe";

    /// <summary>Reals of the L3 DSR rows: routed through 198.51.100.254 on the outside veth.</summary>
    public const string TunnelRealPrefix = "192.0.2.128/25";

    private NatNamespace(LabNamespace ns)
    {
        Lab = ns;
    }

    public LabNamespace Lab { get; }

    public int OutsideIfindex { get; private set; }

    public int InsideIfindex { get; private set; }

    public static NatNamespace Create()
    {
        var ns = new NatNamespace(LabNamespace.Create(LabNames.NewPrefix() + "n"));
        try
        {
            ns.Build();
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Writes an inline topology (o0 outside, i0 inside) and the DEVMAP ports of <paramref name="dp"/>.</summary>
    public void Wire(DataPlane dp)
    {
        dp.Topology.Update(0u, Topology.Create(NatMac(BenchMacs.Lb), OutsideIfindex, NatMac(BenchMacs.Inside), InsideIfindex, TopologyFlags.None));
        // The kernel resolves a DEVMAP's ifindex in the updating thread's namespace.
        Lab.Namespace.Run(() =>
        {
            dp.Ports.Update((uint)Port.Outside, (uint)OutsideIfindex);
            dp.Ports.Update((uint)Port.Inside, (uint)InsideIfindex);
        });
    }

    public void Dispose() => Lab.Dispose();

    private static System.Net.NetworkInformation.PhysicalAddress NatMac(string text) =>
        System.Net.NetworkInformation.PhysicalAddress.Parse(text.Replace(':', '-'));

    private void Build()
    {
        foreach (var (lb, peer, mac) in new[] { ("o0", "o1", BenchMacs.Lb), ("i0", "i1", BenchMacs.Inside) })
        {
            Lab.Ip("link", "add", lb, "address", mac, "type", "veth", "peer", "name", peer);
            Lab.Sysctl($"net.ipv6.conf.{peer}.disable_ipv6", "1");
            Lab.Ip("link", "set", peer, "up");
            Lab.Ip("link", "set", lb, "up");
        }
        Lab.Sysctl("net.ipv4.conf.all.forwarding", "1");
        Lab.Ip("addr", "add", "198.51.100.1/24", "dev", "o0");
        Lab.Ip("addr", "add", "192.0.2.1/24", "dev", "i0");
        var batch = new List<string>
        {
            $"route add {TunnelRealPrefix} via 198.51.100.254 dev o0",
            $"neigh replace 198.51.100.254 lladdr {RouterMac} dev o0 nud permanent",
        };
        for (var i = 1; i <= 3; i++)
        {
            batch.Add($"neigh replace 192.0.2.1{i} lladdr {BenchMacs.Real(i)} dev i0 nud permanent");
        }
        for (var b = 10; b <= 250; b++)
        {
            batch.Add(string.Create(CultureInfo.InvariantCulture, $"neigh replace 198.51.100.{b} lladdr {BenchMacs.Client} dev o0 nud permanent"));
        }
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, batch);
            Lab.Ip("-batch", file);
        }
        finally
        {
            File.Delete(file);
        }
        OutsideIfindex = Lab.IfIndex("o0");
        InsideIfindex = Lab.IfIndex("i0");
    }
}
