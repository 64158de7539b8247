using System.Net.NetworkInformation;
using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Lab;
using FastLb.Model;
using FastLb.Reconciler;
using FastLb.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Bench;

/// <summary>
/// ns/packet of L3 DSR (dsr-ipip, dsr-gue; IPv4 and IPv6), an established flow and a new flow per
/// packet, beside the same baselines and the L2 DSR row, through BPF_PROG_TEST_RUN with repeat 1
/// in a namespace built for bpf_fib_lookup. The encapsulation grows the frame, and the kernel
/// neither restores a frame between repeats nor (live frames) its bytes, so each run is one
/// packet from a fresh copy of the frame: the median of many single-packet timings, the
/// baselines timed the same way. The counters prove each row's path.
/// </summary>
public static class XdpEncapBench
{
    private const string LbMac = "02:00:00:00:00:02";
    private const string RouterMac = "02:00:00:00:00:fe";

    private const string Config = """
        interface: b0
        encap-source: {v4: 198.51.100.16/28, v6: "2001:db8:1::100/120"}
        services:
          - {name: l2, vip: 203.0.113.10, port: 80, reals: [{name: a, address: 198.51.100.11, mac: "02:00:00:00:00:11"}]}
          - {name: ipip4, vip: 203.0.113.70, port: 80, mode: dsr-ipip, reals: [{name: a, address: 192.0.2.11}]}
          - {name: gue4, vip: 203.0.113.71, port: 80, mode: dsr-gue, reals: [{name: a, address: 192.0.2.11}]}
          - {name: ipip6, vip: "2001:db8:3::70", port: 80, mode: dsr-ipip, reals: [{name: a, address: "2001:db8:2::11"}]}
          - {name: gue6, vip: "2001:db8:3::71", port: 80, mode: dsr-gue, reals: [{name: a, address: "2001:db8:2::11"}]}
        """;

    public static IReadOnlyList<XdpBenchRow> Run(int packets)
    {
        using var ns = LabNamespace.Create(LabNames.NewPrefix() + "-bench");
        ns.Ip("link", "add", "b0", "address", LbMac, "type", "veth", "peer", "name", "b1");
        ns.Sysctl("net.ipv6.conf.b1.disable_ipv6", "1");
        ns.Ip("link", "set", "b1", "up");
        ns.Ip("link", "set", "b0", "up");
        ns.Sysctl("net.ipv4.conf.all.forwarding", "1");
        ns.Sysctl("net.ipv6.conf.all.forwarding", "1");
        ns.Ip("addr", "add", "198.51.100.1/24", "dev", "b0");
        ns.Ip("addr", "add", "2001:db8:1::1/64", "dev", "b0", "nodad");
        ns.Ip("route", "add", "192.0.2.0/24", "via", "198.51.100.254");
        ns.Ip("-6", "route", "add", "2001:db8:2::/64", "via", "2001:db8:1::fe");
        ns.Ip("neigh", "replace", "198.51.100.254", "lladdr", RouterMac, "dev", "b0", "nud", "permanent");
        ns.Ip("neigh", "replace", "2001:db8:1::fe", "lladdr", RouterMac, "dev", "b0", "nud", "permanent");
        var ifindex = ns.IfIndex("b0");

        using var dp = DataPlane.Load(NullLogger.Instance);
        var config = ConfigLoader.Parse(Config, "bench-encap.yaml", DataPlaneLimits.Config);
        new MapWriter(dp).Apply(Planner.Plan(config, AlwaysUp.Instance,
            new IndexAllocator(AbiLimits.MaxServices, "service"), new IndexAllocator(AbiLimits.MaxReals, "real")));
        dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse(LbMac.Replace(':', '-')), ifindex));

        using var tx = BpfObject.Open(NativePaths.BpfObject("xdp_tx"));
        tx.Load();
        using var swap = BpfObject.Open(NativePaths.BpfObject("xdp_macswap"));
        swap.Load();

        XdpBenchRow Row(string name, BpfProgram program, string dst, DataPlane? counters, bool newFlows = false) =>
            Measure(ns, ifindex, name, program, dst, packets, counters, newFlows);

        return
        [
            Row("baseline: XDP_TX only", tx.Program("xdp_tx_only"), "203.0.113.10", null),
            Row("baseline: MAC swap + XDP_TX", swap.Program("xdp_macswap"), "203.0.113.10", null),
            Row("fastlb: L2 DSR, established", dp.Program, "203.0.113.10", dp),
            Row("fastlb: L2 DSR, new flow", dp.Program, "203.0.113.10", dp, newFlows: true),
            Row("fastlb: dsr-ipip IPv4, established", dp.Program, "203.0.113.70", dp),
            Row("fastlb: dsr-ipip IPv4, new flow", dp.Program, "203.0.113.70", dp, newFlows: true),
            Row("fastlb: dsr-gue IPv4, established", dp.Program, "203.0.113.71", dp),
            Row("fastlb: dsr-gue IPv4, new flow", dp.Program, "203.0.113.71", dp, newFlows: true),
            Row("fastlb: dsr-ipip IPv6, established", dp.Program, "2001:db8:3::70", dp),
            Row("fastlb: dsr-gue IPv6, established", dp.Program, "2001:db8:3::71", dp),
            Row("fastlb: dsr-gue IPv6, new flow", dp.Program, "2001:db8:3::71", dp, newFlows: true),
        ];
    }

    private static byte[] Request(string vip, ushort sport)
    {
        var e = Frame.Ethernet(RouterMac, LbMac);
        var ip = vip.Contains(':') ? e.IPv6("2001:db8:1::7", vip) : e.IPv4("198.51.100.7", vip, dontFragment: true);
        return ip.Tcp(sport, 80, TcpFlags.Ack, payload: new byte[64]).Build();
    }

    /// <summary>Times <paramref name="packets"/> single-packet runs; a new flow per packet varies the client port (and address bytes past 64 Ki).</summary>
    private static XdpBenchRow Measure(LabNamespace ns, int ifindex, string name, BpfProgram program, string dst, int packets, DataPlane? dp, bool newFlows)
    {
        var frames = newFlows
            ? Enumerable.Range(0, packets).Select(i => Request(dst, (ushort)(1024 + (i % 60000)))).ToArray()
            : [Request(dst, 40000)];
        if (newFlows)
        {
            foreach (var key in dp!.Flows.Keys<FlowKey>().ToList())
            {
                dp.Flows.Delete(key);
            }
        }
        else
        {
            ns.Namespace.Run(() => program.TestRun(frames[0], new byte[frames[0].Length + 256], ifindex)); // pins the flow
        }
        var before = dp is null ? 0 : Packets(dp);
        var samples = new double[packets];
        var output = new byte[frames[0].Length + 256];
        ns.Namespace.Run(() =>
        {
            for (var i = 0; i < packets; i++)
            {
                samples[i] = program.TestRun(frames[newFlows ? i : 0], output, ifindex).DurationNs;
            }
        });
        Array.Sort(samples);
        var hits = dp is null ? 0 : Packets(dp) - before;
        // One packet per run: no harness, no wall-clock figure (NaN: the call overhead would swamp it).
        return new XdpBenchRow(name, program.Name, false, samples[packets / 2], samples[0], samples[^1], double.NaN,
            dp is null ? "" : Reason.TxForward.ToString(), hits, (ulong)packets, 0, 0);
    }

    private static ulong Packets(DataPlane dp) =>
        dp.Stats.LookupPerCpu<uint, Counter>((uint)Reason.TxForward).Aggregate(0ul, (s, c) => s + c.Packets);
}
