// A reconcile through the real maps (root): plan and write, for health transitions and reloads, beside a from-scratch plan.
using BenchmarkDotNet.Attributes;
using FastLb.Interop.Abi;
using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Bench;

/// <summary>
/// Planner.Plan with the controller's plan cache, then MapWriter.Apply into a loaded fastlb object:
/// the health transition's path to the data plane. The data plane holds at most
/// <see cref="AbiLimits.MaxServices"/> services and <see cref="AbiLimits.MaxReals"/> reals, so this
/// runs the measured config (64 services x 60 reals, 65,537-slot rings). Transitions
/// alternate down and up. FromScratch rows: the same change planned without the cache (every
/// table rebuilt), as every reconcile did before; WholeRing: one full ring copy written.
/// </summary>
[MemoryDiagnoser]
public class ReconcileMapsBenchmarks
{
    private readonly DownSet _health = new();
    private DataPlane _dp = null!;
    private MapWriter _writer = null!;
    private PlannerIndices _indices = null!;
    private PlanCache _cache = null!;
    private FastLbConfig _config = null!;
    private FastLbConfig _again = null!;
    private HashSet<string> _all = null!;
    private uint[] _keys = null!;
    private uint[] _values = null!;

    [Params(64)]
    public int Services { get; set; }

    [Params(60)]
    public int RealsPerService { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _config = PlannerConfigs.SharedReal(PlannerConfigs.Build(Services, RealsPerService));
        _again = PlannerConfigs.SharedReal(PlannerConfigs.Build(Services, RealsPerService));
        _all = [.. _config.Services.Select(s => s.Name)];
        _dp = DataPlane.Load(NullLogger.Instance);
        _writer = new MapWriter(_dp);
        _indices = PlannerIndices.Create(AbiLimits.MaxServices, AbiLimits.MaxReals);
        _cache = new PlanCache { RecycleRings = true }; // as the controller keeps it
        // Twice, so both ring copies hold a known table and later writes are diffs.
        Reconcile(_config, null);
        _health.Toggle(Endpoint(1, 7));
        Reconcile(_config, _all);
        _health.Toggle(Endpoint(1, 7));
        Reconcile(_config, _all);
        _keys = [.. Enumerable.Range(0, ServiceConfig.DefaultRingSize).Select(s => AbiLimits.RingIndex(0, 1, (uint)s))];
        _values = new uint[_keys.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _dp.Dispose();

    /// <summary>One real of one service goes down (or comes back).</summary>
    [Benchmark]
    public DataPlanePlan OneTransition()
    {
        _health.Toggle(Endpoint(1, 5));
        return Reconcile(_config, new HashSet<string> { _config.Services[1].Name });
    }

    /// <summary>The real every service lists goes down (or comes back).</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransition()
    {
        _health.Toggle(Endpoint(0, 0));
        return Reconcile(_config, _all);
    }

    /// <summary>The same shared real, planned from scratch (every Maglev table rebuilt) and written as a diff.</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransitionFromScratch()
    {
        _health.Toggle(Endpoint(0, 0));
        var plan = Planner.Plan(_config, _health, _indices.Services, _indices.Reals);
        _writer.Apply(plan);
        return plan;
    }

    /// <summary>A reload of an equal config (new objects): compared, nothing written.</summary>
    [Benchmark]
    public DataPlanePlan ReloadEqual() => Reconcile(_again, null);

    /// <summary>One ring copy of 65,537 entries written whole: what every changed service cost before diffs.</summary>
    [Benchmark]
    public int WholeRing() => _dp.Rings.UpdateBatch<uint, uint>(_keys, _values);

    private DataPlanePlan Reconcile(FastLbConfig config, IReadOnlySet<string>? dirty)
    {
        var plan = Planner.Plan(config, _health, _indices.Services, _indices.Reals, _cache, dirty);
        _writer.Apply(plan);
        return plan;
    }

    private string Endpoint(int service, int real) => _config.Services[service].Reals[real].Endpoint;
}
