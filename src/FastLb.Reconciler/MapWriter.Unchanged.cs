namespace FastLb.Reconciler;

/// <summary>
/// The planner hands back the very same <see cref="PlannedService"/> for a service whose config
/// and health did not change; such a service was written in full last time, so a health change
/// or reload skips it without comparing its reals or ring.
/// </summary>
public sealed partial class MapWriter
{
    private Dictionary<uint, PlannedService> _applied = [];
    private (FastLb.Model.EncapSource?, FastLb.Model.EncapSource?) _appliedEncap;

    // A changed encap source reaches every tunnelling service, planned anew or not.
    private bool Unchanged(PlannedService service, DataPlanePlan plan) =>
        _applied.TryGetValue(service.Id, out var last) && ReferenceEquals(last, service)
        && Equals(_appliedEncap, (plan.EncapSource4, plan.EncapSource6));

    private void RememberApplied(DataPlanePlan plan)
    {
        _applied = plan.Services.ToDictionary(s => s.Id);
        _appliedEncap = (plan.EncapSource4, plan.EncapSource6);
    }
}
