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

    /// <summary>
    /// The reals of services last applied that <paramref name="plan"/> writes anew with other real
    /// indices, or drops: the only ones that can go. None for a health change (same indices).
    /// </summary>
    private HashSet<uint> GoneCandidates(DataPlanePlan plan)
    {
        var next = plan.Services.ToDictionary(s => s.Id);
        var candidates = new HashSet<uint>();
        foreach (var (id, last) in _applied)
        {
            if (!(next.TryGetValue(id, out var now) && (Unchanged(now, plan) || SameIndices(last, now))))
            {
                candidates.UnionWith(last.Reals.Select(r => r.Index));
            }
        }
        return candidates;
    }

    // Every real index the service held, it still holds: none of them can go.
    private static bool SameIndices(PlannedService last, PlannedService now)
    {
        var same = last.Reals.Count == now.Reals.Count;
        for (var i = 0; same && i < last.Reals.Count; i++)
        {
            same = last.Reals[i].Index == now.Reals[i].Index;
        }
        return same;
    }

    private void RememberApplied(DataPlanePlan plan)
    {
        _applied = plan.Services.ToDictionary(s => s.Id);
        _appliedEncap = (plan.EncapSource4, plan.EncapSource6);
    }
}
