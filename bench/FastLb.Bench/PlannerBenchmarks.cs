// Cost of one full plan (desired map contents) from a config: every service's reals, indices and Maglev ring.
using System.Net;
using BenchmarkDotNet.Attributes;
using FastLb.Model;
using FastLb.Reconciler;

namespace FastLb.Bench;

/// <summary>
/// Planner.Plan is what every reload and every health transition runs (pure, no kernel): here
/// for S services of R reals each with the default ring (65537 slots), all reals up. The
/// allocators hold the previous plan's indices, as in a running controller.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private FastLbConfig _config = null!;
    private IndexAllocator _services = null!;
    private IndexAllocator _reals = null!;

    [Params(10, 100, 1000)]
    public int Services { get; set; }

    [Params(100)]
    public int RealsPerService { get; set; }

    [Params(ServiceConfig.DefaultRingSize)]
    public int RingSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _config = Config(Services, RealsPerService, RingSize);
        _services = new IndexAllocator((uint)Services, "service");
        _reals = new IndexAllocator((uint)(Services * RealsPerService), "real");
        Planner.Plan(_config, AlwaysUp.Instance, _services, _reals);
    }

    [Benchmark]
    public DataPlanePlan Plan() => Planner.Plan(_config, AlwaysUp.Instance, _services, _reals);

    /// <summary>S services on VIPs 203.0.113.x and ports from 1000, each with R reals in 192.0.2.0/24 on distinct ports.</summary>
    public static FastLbConfig Config(int services, int realsPerService, int ringSize)
    {
        var list = new List<ServiceConfig>(services);
        for (var s = 0; s < services; s++)
        {
            var reals = new List<RealConfig>(realsPerService);
            for (var r = 0; r < realsPerService; r++)
            {
                reals.Add(new RealConfig($"r{r}", IPAddress.Parse($"192.0.2.{1 + (r % 250)}"), (ushort)(10000 + s), null, 1, null));
            }
            var vip = IPAddress.Parse($"203.0.113.{1 + (s % 250)}");
            list.Add(new ServiceConfig($"svc{s}", vip, (ushort)(1000 + s), L4Protocol.Tcp, ForwardingMode.DsrL2, SchedulingAlgorithm.Maglev, ringSize, AllDownPolicy.Drop, null, null, reals));
        }
        return new FastLbConfig("eth0", null, FastLbConfig.DefaultMetricsListen, list);
    }
}
