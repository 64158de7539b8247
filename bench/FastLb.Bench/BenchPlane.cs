using System.Net.NetworkInformation;
using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Bench;

/// <summary>A freshly loaded fastlb data plane with a bench configuration written, and its counters.</summary>
public static class BenchPlane
{
    /// <summary>The LB's own MAC in every bench topology.</summary>
    public const string LbMac = BenchMacs.Lb;

    /// <summary>One service (203.0.113.40:80/tcp) with one real, 192.0.2.11, for the NAT modes (a reply comes from that real).</summary>
    public const string NatConfig = """
        interface: o0
        services:
          - name: nat
            vip: 203.0.113.40
            port: 80
            reals:
              - {name: r1, address: 192.0.2.11, port: 80, mac: "02:00:00:00:00:11"}
        """;

    /// <summary>
    /// One L3 DSR service (<paramref name="vip"/>:80, <paramref name="protocol"/>) on interface
    /// <paramref name="ifname"/> with one real, 192.0.2.200, routed behind the outside router.
    /// </summary>
    public static string TunnelConfig(string ifname, string vip, string protocol) => $$"""
        interface: {{ifname}}
        encap-source: {v4: 198.51.100.16/28}
        services:
          - name: tunnel
            vip: {{vip}}
            port: 80
            protocol: {{protocol}}
            mode: dsr-ipip
            reals:
              - {name: r1, address: 192.0.2.200, port: 80}
        """;

    /// <summary>One dsr-l2 service (203.0.113.10:80/tcp) over three reals on interface <paramref name="ifname"/>.</summary>
    public static string DsrL2Config(string ifname) => $$"""
        interface: {{ifname}}
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            reals:
              - {name: r1, address: 192.0.2.11, port: 80, mac: "02:00:00:00:00:11"}
              - {name: r2, address: 192.0.2.12, port: 80, mac: "02:00:00:00:00:12"}
              - {name: r3, address: 192.0.2.13, port: 80, mac: "02:00:00:00:00:13"}
        """;

    /// <summary>Every service of <paramref name="yaml"/> (written as <see cref="DsrL2Config"/> writes them) made `stateless: true`.</summary>
    public static string Stateless(string yaml) => yaml.Replace("    port: 80\n", "    port: 80\n    stateless: true\n", StringComparison.Ordinal);

    /// <summary>
    /// Loads the program sized as the configuration says (the default connection table, 4 Mi flows,
    /// unless <paramref name="yaml"/> sets `flow-table-size`) and writes <paramref name="yaml"/> (every
    /// service in <paramref name="mode"/>, reals on <paramref name="realPort"/> when given) and a one-arm
    /// topology with ifindex <paramref name="ifindex"/>.
    /// </summary>
    public static DataPlane Load(string yaml, int ifindex = 1, ForwardingMode mode = ForwardingMode.DsrL2, ushort? realPort = null,
        bool natPerCpuLru = false) => Load(yaml, out _, out _, ifindex, mode, realPort, natPerCpuLru);

    /// <summary>As <see cref="Load(string, int, ForwardingMode, ushort?, bool)"/>, with the plan written and the options loaded.</summary>
    public static DataPlane Load(string yaml, out DataPlanePlan plan, out DataPlaneOptions options, int ifindex = 1,
        ForwardingMode mode = ForwardingMode.DsrL2, ushort? realPort = null, bool natPerCpuLru = false)
    {
        var config = ConfigLoader.Parse(yaml, "bench.yaml", DataPlaneLimits.Config);
        config = config with
        {
            Services = [.. config.Services.Select(s => s with { Mode = mode, Reals = [.. s.Reals.Select(r => r with { Port = realPort ?? r.Port })] })],
        };
        options = DataPlaneOptions.From(config) with { NatPerCpuLru = natPerCpuLru };
        var dp = DataPlane.Load(NullLogger.Instance, options);
        try
        {
            plan = Planner.Plan(config, AlwaysUp.Instance,
                new IndexAllocator(AbiLimits.MaxServices, "service"), new IndexAllocator(AbiLimits.MaxReals, "real"));
            new MapWriter(dp).Apply(plan);
            dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse(LbMac.Replace(':', '-')), ifindex));
            return dp;
        }
        catch
        {
            dp.Dispose();
            throw;
        }
    }

    /// <summary>Packets counted under <paramref name="reason"/>, all CPUs.</summary>
    public static ulong Packets(DataPlane dp, Reason reason)
    {
        ulong sum = 0;
        foreach (var c in dp.Stats.LookupPerCpu<uint, Counter>((uint)reason))
        {
            sum += c.Packets;
        }
        return sum;
    }

    /// <summary>Packets counted under every reason, all CPUs.</summary>
    public static ulong[] AllReasons(DataPlane dp) =>
        [.. Enum.GetValues<Reason>().Select(r => Packets(dp, r))];

    /// <summary>"Reason n, ..." for every reason but <paramref name="path"/> that grew from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static string OtherReasons(ulong[] before, ulong[] after, Reason path) => string.Join(", ",
        Enum.GetValues<Reason>().Select((r, i) => (r, n: after[i] - before[i])).Where(x => x.r != path && x.n > 0).Select(x => FormattableString.Invariant($"{x.r} {x.n}")));

    /// <summary>Flows pinned to a real (new or rescheduled), all reals and CPUs.</summary>
    public static ulong NewFlows(DataPlane dp)
    {
        ulong sum = 0;
        for (var real = 0u; real < 16; real++)
        {
            foreach (var c in dp.RealStats.LookupPerCpu<uint, RealCounter>(real))
            {
                sum += c.NewFlows;
            }
        }
        return sum;
    }
}
