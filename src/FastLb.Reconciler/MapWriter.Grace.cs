using FastLb.Interop.Abi;

namespace FastLb.Reconciler;

/// <summary>
/// The switch protocol's last step. A program that read a service entry just before its flip may
/// still pick from the table flipped away, so what such a table names must stay as it was until
/// that program is done: a removed real keeps its UP flag, and a freed index does not take its next
/// real, until one grace period after every flip of the write (one wait per write, and only when
/// something is cleared or an index reused; a health change that only flips waits for nothing).
/// </summary>
public sealed partial class MapWriter
{
    /// <summary>
    /// <paramref name="service"/>, or when its ring names an index reused in this write (a reload
    /// that only fits by reusing dropped indices), the same with those slots empty; the full one
    /// goes to <paramref name="after"/>, written once the grace period has passed and the new
    /// reals are in place. A packet on an emptied slot finds no real, never the index's old one.
    /// </summary>
    private static PlannedService Masked(PlannedService service, Dictionary<uint, (PlannedReal, uint)> reused, List<PlannedService> after)
    {
        if (reused.Count == 0 || !service.Ring.Any(reused.ContainsKey))
        {
            return service;
        }
        after.Add(service);
        var ring = service.Ring.Select(i => reused.ContainsKey(i) ? Planner.NoReal : i).ToArray();
        return service with { Ring = ring, RingChanges = null };
    }

    /// <summary>
    /// Takes the reals at <paramref name="indices"/> out, once no program can still hold a table
    /// naming them. Only the UP flag goes, so flows still pinned to them are rescheduled. The
    /// address and MAC stay: a packet that passed the UP check just before this write, and reads
    /// the MAC after it, still reaches the real rather than a zeroed MAC (the value changes in place).
    /// </summary>
    private void ClearGone(List<uint> indices)
    {
        foreach (var index in indices)
        {
            var gone = _reals[index];
            gone.Flags = RealFlags.None;
            gone.Weight = 0;
            _dp.Reals.Update(index, gone);
            _reals.Remove(index);
            _writtenFrom.Remove(index);
        }
    }
}
