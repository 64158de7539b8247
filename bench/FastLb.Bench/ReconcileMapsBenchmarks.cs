// A reconcile through the real maps (root): plan and write, for health transitions and reloads, beside a from-scratch plan.
using BenchmarkDotNet.Attributes;
using FastLb.Interop.Abi;
using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Bench;

/// <summary>
/// Planner.Plan with the controller's plan cache, then MapWriter.Apply into a loaded fastlb object:
/// the health transition's path to the data plane, on the target config (1,000 services x
/// 100 reals, 65,537-slot rings; the maps sized for it as `max-reals: 131072` would). Transitions
/// alternate down and up. FromScratch rows: the same change planned without the cache (every
/// table rebuilt), as every reconcile did before; WholeRing: one full ring copy written.
/// </summary>
[MemoryDiagnoser]
public class ReconcileMapsBenchmarks : PlannerBenchBase
{
    private DataPlane _dp = null!;
    private MapWriter _writer = null!;
    private FastLbConfig _config = null!;
    private FastLbConfig _again = null!;
    private HashSet<string> _all = null!;
    private uint[] _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        _config = PlannerConfigs.SharedReal(PlannerConfigs.Build(Services, RealsPerService));
        _again = PlannerConfigs.SharedReal(PlannerConfigs.Build(Services, RealsPerService));
        _all = [.. _config.Services.Select(s => s.Name)];
        _dp = DataPlane.Load(NullLogger.Instance, DataPlaneOptions.Compiled with { MaxServices = Services, MaxReals = AbiLimits.MaxRealsLimit });
        _writer = new MapWriter(_dp);
        StartPlanner(AbiLimits.MaxRealsLimit);
        // Twice, so both ring copies hold a known table and later writes are diffs.
        Reconcile(_config, null);
        Health.Toggle(Endpoint(1, 7));
        Reconcile(_config, _all);
        Health.Toggle(Endpoint(1, 7));
        Reconcile(_config, _all);
        _values = new uint[ServiceConfig.DefaultRingSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _dp.Dispose();

    /// <summary>One real of one service goes down (or comes back).</summary>
    [Benchmark]
    public DataPlanePlan OneTransition()
    {
        Health.Toggle(Endpoint(1, 5));
        return Reconcile(_config, new HashSet<string> { _config.Services[1].Name });
    }

    /// <summary>The real every service lists goes down (or comes back).</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransition()
    {
        Health.Toggle(Endpoint(0, 0));
        return Reconcile(_config, _all);
    }

    /// <summary>
    /// Every service re-planned and written, never back to the down set of two calls before (no
    /// recycled array holds the ring already): the shared real and each service's second real go
    /// down and come back in turn, as ReconcileBenchmarks.SharedRealTransitionNoFlap.
    /// </summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransitionNoFlap()
    {
        ToggleWithoutFlap(_config);
        return Reconcile(_config, _all);
    }

    /// <summary>The same shared real, planned from scratch (every Maglev table rebuilt) and written as a diff.</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransitionFromScratch()
    {
        Health.Toggle(Endpoint(0, 0));
        var plan = Planner.Plan(_config, Health, Indices.Services, Indices.Reals);
        _writer.Apply(plan);
        return plan;
    }

    /// <summary>A reload of an equal config (new objects): compared, nothing written.</summary>
    [Benchmark]
    public DataPlanePlan ReloadEqual() => Reconcile(_again, null);

    /// <summary>One ring copy of 65,537 entries written whole through its mapping (a new service, a ring-size change).</summary>
    [Benchmark]
    public int WholeRing() => _dp.RingTables.Write(0, 1, _values);

    private DataPlanePlan Reconcile(FastLbConfig config, IReadOnlySet<string>? dirty)
    {
        var plan = Plan(config, dirty);
        _writer.Apply(plan);
        return plan;
    }

    private string Endpoint(int service, int real) => _config.Services[service].Reals[real].Endpoint;
}
