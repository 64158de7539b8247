namespace FastLb.Reconciler;

/// <summary>The whole desired content of the data plane's maps, computed from config and health.</summary>
public sealed record DataPlanePlan(IReadOnlyList<PlannedService> Services)
{
    public IEnumerable<PlannedReal> Reals => Services.SelectMany(s => s.Reals);

    /// <summary>`encap-source` v4 / v6: the outer sources of dsr-ipip / dsr-gue tunnels.</summary>
    public FastLb.Model.EncapSource? EncapSource4 { get; init; }

    public FastLb.Model.EncapSource? EncapSource6 { get; init; }
}
