namespace FastLb.Reconciler;

/// <summary>
/// The planner hands back the very same <see cref="PlannedService"/> for a service whose config
/// and health did not change; such a service was written in full last time, so a health change
/// or reload skips it without comparing its reals or ring.
/// </summary>
public sealed partial class MapWriter
{
    private Dictionary<uint, PlannedService> _applied = [];

    private bool Unchanged(PlannedService service) =>
        _applied.TryGetValue(service.Id, out var last) && ReferenceEquals(last, service);

    private void RememberApplied(DataPlanePlan plan) =>
        _applied = plan.Services.ToDictionary(s => s.Id);
}
