// Cost of one full plan (desired map contents) from a config: every service's reals, indices and Maglev ring.
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
    private PlannerIndices _indices = null!;

    [Params(10, 100, 1000)]
    public int Services { get; set; }

    [Params(100)]
    public int RealsPerService { get; set; }

    [Params(ServiceConfig.DefaultRingSize)]
    public int RingSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _config = PlannerConfigs.Build(Services, RealsPerService, RingSize);
        _indices = PlannerIndices.Create((uint)Services, (uint)(Services * RealsPerService));
        Plan();
    }

    [Benchmark]
    public DataPlanePlan Plan() => Planner.Plan(_config, AlwaysUp.Instance, _indices.Services, _indices.Reals);
}
