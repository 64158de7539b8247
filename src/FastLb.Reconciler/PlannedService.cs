using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>A service as the data plane will hold it: its id, reals and Maglev ring of real indices.</summary>
public sealed record PlannedService(uint Id, ServiceConfig Config, IReadOnlyList<PlannedReal> Reals, uint[] Ring)
{
    /// <summary>True when no real can take a new flow (the ring is empty).</summary>
    public bool AllDown => Ring.Length > 0 && Ring[0] == Planner.NoReal;

    /// <summary>True when the ring points at the backup real because every real is down.</summary>
    public bool OnBackup => Reals.Any(r => r.IsBackup);
}
