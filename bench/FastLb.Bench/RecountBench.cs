using System.Diagnostics;
using System.Net;
using FastLb.Interop.Abi;
using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Bench;

/// <summary>
/// What a flow recount costs the controller: the time one <see cref="FlowRecounter.Recount"/> walks a
/// connection table holding N established flows (the controller's lock is held that long), beside N.
/// </summary>
public static class RecountBench
{
    public static string Run(int[] sizes, int runs)
    {
        var rows = new List<string>();
        foreach (var n in sizes)
        {
            var config = ConfigLoader.Parse(BenchPlane.DsrL2Config("o0"), "bench.yaml", DataPlaneLimits.Config) with { FlowTableSize = Math.Max(n * 4, 1024) };
            using var dp = DataPlane.Load(NullLogger.Instance, DataPlaneOptions.From(config));
            var plan = Planner.Plan(config, AlwaysUp.Instance, new IndexAllocator(AbiLimits.MaxServices, "service"), new IndexAllocator(AbiLimits.MaxReals, "real"));
            new MapWriter(dp).Apply(plan);
            Fill(dp, plan, n);
            using var recounter = FlowRecounter.Load(dp, DataPlaneOptions.From(config));
            var times = new List<double>();
            long found = 0;
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                var recount = recounter.Recount(plan);
                times.Add(clock.Elapsed.TotalMilliseconds);
                found = recount.FlowsActive;
            }
            var median = times.Order().ElementAt(times.Count / 2);
            rows.Add(FormattableString.Invariant($"| {n:N0} | {median:0.0} | {median * 1e6 / n:0} | {found:N0} |"));
        }
        return BenchReport.Table(["flows in the table", "recount, median ms", "ns per flow", "active found"], "|---:|---:|---:|---:|", rows);
    }

    /// <summary>N established flows from distinct clients, spread over the plan's reals, refreshed now.</summary>
    private static void Fill(DataPlane dp, DataPlanePlan plan, int n)
    {
        var reals = plan.Reals.ToList();
        // CLOCK_MONOTONIC, which the data plane's tick clock (bpf/lib/clock.h) follows within a fraction
        // of a second: ten seconds back, so the flows are fresh on either side of that difference.
        var now = (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency)) - 10_000_000_000UL;
        var vip = IPAddress.Parse("203.0.113.10");
        const int batch = 65536;
        for (var start = 0; start < n; start += batch)
        {
            var count = Math.Min(batch, n - start);
            for (var i = 0; i < count; i++)
            {
                var k = start + i;
                var client = new IPAddress(new byte[] { 198, 51, (byte)(k >> 16), (byte)(k >> 8) });
                var key = FlowKey.Create(client, (ushort)(1024 + (k & 0xff)), vip, 80, 6);
                var real = reals[k % reals.Count];
                dp.Flows.TryUpdate(key, new Flow { Real = real.Index, Service = 0, RefreshedNs = now, State = FlowState.Established, RealGen = real.Generation });
            }
        }
    }
}
