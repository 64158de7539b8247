using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>A service as the data plane will hold it: its id, reals and Maglev ring of real indices.</summary>
public sealed record PlannedService(uint Id, ServiceConfig Config, IReadOnlyList<PlannedReal> Reals, uint[] Ring)
{
    /// <summary>True when no real can take a new flow (the ring is empty). Read once: a recycled ring array may later hold another plan.</summary>
    public bool AllDown { get; } = Ring.Length > 0 && Ring[0] == Planner.NoReal;

    /// <summary>True when the ring points at the backup real because every real is down.</summary>
    public bool OnBackup => Reals.Any(r => r.IsBackup);

    /// <summary>The slots where <see cref="Ring"/> differs from the previous plan's ring; null when unknown (compare them).</summary>
    public RingChange? RingChanges { get; init; }
}
