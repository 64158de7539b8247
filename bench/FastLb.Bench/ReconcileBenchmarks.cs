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
public class ReconcileBenchmarks : PlannerBenchBase
{
    private FastLbConfig _own = null!;
    private FastLbConfig _ownAgain = null!;
    private FastLbConfig _ownOneChanged = null!;
    private FastLbConfig _shared = null!;
    private HashSet<string> _all = null!;
    private FastLbConfig _reloadNext = null!;

    [GlobalSetup]
    public void Setup()
    {
        _own = PlannerConfigs.Build(Services, RealsPerService);
        _ownAgain = PlannerConfigs.Build(Services, RealsPerService);
        var first = _own.Services[0];
        _ownOneChanged = _own with { Services = [first with { Reals = [first.Reals[0] with { Weight = 2 }, .. first.Reals.Skip(1)] }, .. _own.Services.Skip(1)] };
        _shared = PlannerConfigs.SharedReal(_own);
        _all = [.. _shared.Services.Select(s => s.Name)];
        StartPlanner((uint)(Services * RealsPerService * 2));
        Plan(_own, null);
        _reloadNext = _ownOneChanged;
    }

    [GlobalSetup(Targets = [nameof(SharedRealTransition), nameof(SharedRealTransitionNoFlap)])]
    public void SetupShared()
    {
        Setup();
        Plan(_shared, null);
    }

    /// <summary>Every table built: the first plan of a start (allocators already hold the indices).</summary>
    [Benchmark]
    public DataPlanePlan Cold() => Planner.Plan(_own, Health.Clear(), Indices.Services, Indices.Reals, new PlanCache(), null);

    /// <summary>A reload of an equal config (parsed again: equal, new objects): every service compared, nothing rebuilt.</summary>
    [Benchmark]
    public DataPlanePlan ReloadEqual() => Plan(_ownAgain, null);

    /// <summary>A reload that changes one real's weight in one service, and back on the next call: one Maglev build.</summary>
    [Benchmark]
    public DataPlanePlan ReloadOneServiceChanged()
    {
        var plan = Plan(_reloadNext, null);
        _reloadNext = ReferenceEquals(_reloadNext, _own) ? _ownOneChanged : _own;
        return plan;
    }

    /// <summary>One real of one service goes down (or comes back).</summary>
    [Benchmark]
    public DataPlanePlan OneTransition()
    {
        var service = _own.Services[0];
        Health.Toggle(service.Reals[5].Endpoint);
        return Plan(_own, new HashSet<string> { service.Name });
    }

    /// <summary>The real every service shares goes down (or comes back): every service re-planned.</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransition()
    {
        Health.Toggle(_shared.Services[0].Reals[0].Endpoint);
        return Plan(_shared, _all);
    }

    /// <summary>Every service re-planned on each call, never back to the down set of two calls before (<see cref="PlannerBenchBase.ToggleWithoutFlap"/>).</summary>
    [Benchmark]
    public DataPlanePlan SharedRealTransitionNoFlap()
    {
        ToggleWithoutFlap(_shared);
        return Plan(_shared, _all);
    }
}
