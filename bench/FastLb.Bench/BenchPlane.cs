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
    public const string LbMac = "02:00:00:00:00:02";

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

    /// <summary>Loads the program and writes <paramref name="config"/> and a one-arm topology with ifindex <paramref name="ifindex"/>.</summary>
    public static DataPlane Load(string config, int ifindex = 1)
    {
        var dp = DataPlane.Load(NullLogger.Instance);
        try
        {
            var plan = Planner.Plan(ConfigLoader.Parse(config, "bench.yaml", DataPlaneLimits.Config), AlwaysUp.Instance,
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
