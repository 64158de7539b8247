// Plans configs as the controller does: one service-id and one real-index allocator across every plan.
namespace FastLb.Reconciler.Tests;

/// <summary>
/// <see cref="Planner.Plan"/> with the allocators kept between calls, so a service keeps its id and a
/// real its index from one plan to the next; every real up unless a health view says otherwise.
/// </summary>
internal sealed class TestPlanner(uint services = AbiLimits.MaxServices, uint reals = AbiLimits.MaxReals)
{
    public IndexAllocator Ids { get; } = new(services, "service");

    public IndexAllocator Reals { get; } = new(reals, "real");

    public DataPlanePlan Plan(FastLbConfig config, IHealthView? health = null) =>
        Planner.Plan(config, health ?? AlwaysUp.Instance, Ids, Reals);
}
