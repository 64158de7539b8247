namespace FastLb.Reconciler;

/// <summary>The whole desired content of the data plane's maps, computed from config and health.</summary>
public sealed record DataPlanePlan(IReadOnlyList<PlannedService> Services)
{
    public IEnumerable<PlannedReal> Reals => Services.SelectMany(s => s.Reals);
}
