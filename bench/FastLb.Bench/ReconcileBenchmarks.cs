// What a reconcile costs in the planner (no kernel): cold plan, reloads, and health transitions, at 1,000 services x 100 reals.
using BenchmarkDotNet.Attributes;
using FastLb.Model;
using FastLb.Reconciler;

namespace FastLb.Bench;

/// <summary>
/// The controller's reconcile path without the maps: Planner.Plan with the plan cache a running
/// controller keeps. Transitions alternate down and up on every call (both directions are timed);
/// the shared real is one endpoint that every service lists. Cold: a new cache (every Maglev table
/// built); the rest start from a warm cache, as in a running controller.
/// </summary>
[MemoryDiagnoser]
public class ReconcileBenchmarks
{
    private readonly DownSet _health = new();
    private FastLbConfig _own = null!;
    private FastLbConfig _ownAgain = null!;
    private FastLbConfig _ownOneChanged = null!;
    private FastLbConfig _shared = null!;
    private HashSet<string> _all = null!;
    private PlannerIndices _indices = null!;
    private PlanCache _cache = null!;
    private FastLbConfig _reloadNext = null!;
    private string[] _second = null!;
    private int _step;

    [Params(1000)]
    public int Services { get; set; }

    [Params(100)]
    public int RealsPerService { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _own = PlannerConfigs.Build(Services, RealsPerService);
        _ownAgain = PlannerConfigs.Build(Services, RealsPerService);
        var first = _own.Services[0];
        _ownOneChanged = _own with { Services = [first with { Reals = [first.Reals[0] with { Weight = 2 }, .. first.Reals.Skip(1)] }, .. _own.Services.Skip(1)] };
        _shared = PlannerConfigs.SharedReal(_own);
        _all = [.. _shared.Services.Select(s => s.Name)];
        _second = [.. _shared.Services.Select(s => s.Reals[1].Endpoint)];
        _indices = PlannerIndices.Create((uint)Services, (uint)(Services * RealsPerService * 2));
        _cache = new PlanCache { RecycleRings = true }; // as the controller keeps it
        Planner.Plan(_own, _health, _indices.Services, _indices.Reals, _cache, null);
        _reloadNext = _ownOneChanged;
    }

    [GlobalSetup(Targets = [nameof(SharedRealTransition), nameof(SharedRealTransitionNoFlap)])]
    public void SetupShared()
    {
        Setup();
        Planner.Plan(_shared, _health, _indices.Services, _indices.Reals, _cache, null);
    }

    /// <summary>Every table built: the first plan of a start (allocators already hold the indices).</summary>
    [Benchmark]
    public DataPlanePlan Cold() => Planner.Plan(_own, _health.Clear(), _indices.Services, _indices.Reals, new PlanCache(), null);

    /// <summary>A reload of an equal config (parsed again: equal, new objects): every service compared, nothing rebuilt.</summary>
    [Benchmark]
    public DataPlanePlan ReloadEqual() => Planner.Plan(_ownAgain, _health, _indices.Services, _indices.Reals, _cache, null);

    /// <summary>A reload that changes one real's weight in one service, and back on the next call: one Maglev build.</summary>
    [Benchmark]
    public DataPlanePlan ReloadOneServiceChanged()
    {
        var plan = Planner.Plan(_reloadNext, _health, _indices.Services, _indices.Reals, _cache, null);
        _reloadNext = ReferenceEquals(_reloadNext, _own) ? _ownOneChanged : _own;
        return plan;
    }

    /// <summary>One real of one service goes down (or comes back).</summary>
    [Benchmark]
    public DataPlanePlan OneTransition()
    {
        var service = _own.Services[0];
        _health.Toggle(service.Reals[5].Endpoint);
        return Planner.Plan(_own, _health, _indices.Services, _indices.Reals, _cache, new HashSet<string> { service.Name });
    }

    /// <summary>The real every service shares goes down (or comes back): every service re-planned.</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransition()
    {
        _health.Toggle(_shared.Services[0].Reals[0].Endpoint);
        return Planner.Plan(_shared, _health, _indices.Services, _indices.Reals, _cache, _all);
    }

    /// <summary>
    /// Every service re-planned on each call, never back to the down set of two calls before (so no
    /// recycled array already holds the ring): the shared real and each service's second real go
    /// down and come back in turn ({} → {S} → {S,T} → {T} → {}).
    /// </summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransitionNoFlap()
    {
        if (_step++ % 2 == 0)
        {
            _health.Toggle(_shared.Services[0].Reals[0].Endpoint);
        }
        else
        {
            foreach (var endpoint in _second)
            {
                _health.Toggle(endpoint);
            }
        }
        return Planner.Plan(_shared, _health, _indices.Services, _indices.Reals, _cache, _all);
    }
}
