using FastLb.Reconciler;

namespace FastLb.Host;

/// <summary>The /status document: every service, its reals, and whether each takes flows.</summary>
public sealed record StatusView(DateTimeOffset Reconciled, IReadOnlyList<StatusView.ServiceView> Services)
{
    public static StatusView From(FastLbController c) => new(
        c.LastReconciled,
        [.. c.Plan.Services.Select(s => new ServiceView(
            s.Config.Name,
            $"{s.Config.Protocol.ToString().ToLowerInvariant()}/{Model.RealConfig.FormatEndpoint(s.Config.Vip, s.Config.Port)}",
            s.AllDown,
            [.. s.Reals.Select(r => new RealView(r.Real.Name, r.Real.Endpoint, r.Real.Weight, r.Up, r.InRing, r.IsBackup))]))]);

    public sealed record ServiceView(string Name, string Vip, bool AllDown, IReadOnlyList<RealView> Reals);

    public sealed record RealView(string Name, string Endpoint, int Weight, bool Up, bool InRing, bool Backup);
}
