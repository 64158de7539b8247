// What both reconcile benchmarks share: the scale, and Planner.Plan driven as a running controller drives it.
using BenchmarkDotNet.Attributes;
using FastLb.Model;
using FastLb.Reconciler;

namespace FastLb.Bench;

/// <summary>
/// The planner's state that a running controller keeps between reconciles: the index allocators and
/// the plan cache (recycling ring arrays), and a down set that health transitions toggle.
/// </summary>
public abstract class PlannerBenchBase
{
    private int _step;
    private FastLbConfig? _flapConfig;
    private string[] _second = [];

    [Params(1000)]
    public int Services { get; set; }

    [Params(100)]
    public int RealsPerService { get; set; }

    protected DownSet Health { get; } = new();

    protected PlannerIndices Indices { get; private set; } = null!;

    protected PlanCache Cache { get; private set; } = null!;

    /// <summary>New allocators (<see cref="Services"/> services, <paramref name="reals"/> real indices) and an empty cache, kept as the controller keeps it.</summary>
    protected void StartPlanner(uint reals)
    {
        Indices = PlannerIndices.Create((uint)Services, reals);
        Cache = new PlanCache { RecycleRings = true };
    }

    /// <summary>Plans <paramref name="config"/> with the kept cache; <paramref name="dirty"/>: the services to re-plan (null: every one compared).</summary>
    protected DataPlanePlan Plan(FastLbConfig config, IReadOnlySet<string>? dirty) =>
        Planner.Plan(config, Health, Indices.Services, Indices.Reals, Cache, dirty);

    /// <summary>
    /// The real every service of <paramref name="shared"/> lists (its first) and each service's second
    /// real go down and come back in turn ({} → {S} → {S,T} → {T} → {}), so the down set is never the
    /// one of two calls before and no recycled array already holds a ring.
    /// </summary>
    protected void ToggleWithoutFlap(FastLbConfig shared)
    {
        if (!ReferenceEquals(shared, _flapConfig))
        {
            // Formatted once: formatting a thousand endpoints is not what the benchmarks measure.
            _second = [.. shared.Services.Select(s => s.Reals[1].Endpoint)];
            _flapConfig = shared;
        }
        if (_step++ % 2 == 0)
        {
            Health.Toggle(shared.Services[0].Reals[0].Endpoint);
            return;
        }
        foreach (var endpoint in _second)
        {
            Health.Toggle(endpoint);
        }
    }
}
