using FastLb.Interop.Abi;

namespace FastLb.Reconciler;

/// <summary>
/// Each changed service's ring goes into its idle copy, then its entry flips to that copy. The
/// copies are distinct tables, so the stores of a reconcile that changes many services (a real
/// they all share) run on every core; the flips follow in plan order, once every copy is whole.
/// </summary>
public sealed partial class MapWriter
{
    private void WriteServices(List<PlannedService> changed)
    {
        var staged = new StagedService[changed.Count];
        for (var i = 0; i < staged.Length; i++)
        {
            staged[i] = Stage(changed[i]);
        }
        try
        {
            PerService.For(staged.Length, i => staged[i].Written = staged[i].Copy is { } copy ? WriteRing(staged[i], copy) : 0);
        }
        catch
        {
            // Some idle copies hold part of a ring the maps never switch to: write them whole next time.
            foreach (var s in staged.Where(s => s.Before is not null))
            {
                _services[s.Planned.Id] = s.Before! with { Ring = RingPatch.Whole(s.Before.Ring.Active) };
            }
            throw;
        }
        foreach (var s in staged)
        {
            RingWrites += s.Copy is null ? 0 : 1;
            RingEntriesWritten += s.Written;
            Flip(s);
        }
    }

    /// <summary>
    /// Decides which copy takes <paramref name="planned"/>'s ring and which slots; a copy that needs a
    /// new table (a new service, a larger ring) is written here, on this thread, the others later.
    /// </summary>
    private StagedService Stage(PlannedService planned)
    {
        var key = KeyOf(planned);
        _services.TryGetValue(planned.Id, out var written);
        if (written is null)
        {
            return Staged(new StagedService(planned, key, null, 0, RingPatch.Whole(planned.Ring)) { Copy = 0 });
        }
        var (whole, stale, changes, patch) = written.Ring.To(planned.Ring, planned.RingChanges);
        if (!whole && changes is null)
        {
            return new StagedService(planned, key, written, written.Active, patch);
        }
        var idle = (byte)(written.Active ^ 1);
        return Staged(new StagedService(planned, key, written, idle, patch) { Copy = idle, Changes = changes, Stale = stale });
    }

    private StagedService Staged(StagedService s)
    {
        if (_dp.RingTables.Capacity(s.Planned.Id, s.Copy!.Value) < s.Planned.Ring.Length)
        {
            s.Written = WriteRing(s, s.Copy.Value);
            RingWrites++;
            RingEntriesWritten += s.Written;
            s.Copy = null;
        }
        return s;
    }

    /// <summary>Points the service's config at its ring copy now that the copy holds the ring (a new service: its key too).</summary>
    private void Flip(StagedService s)
    {
        var value = ToService(s.Planned, s.Active);
        // New, adopted from maps without tags, or turned (not) stateless: the hint says which.
        if (s.Before is null || _dp.Services.Tag(s.Planned.Id) == 0 || (s.Before.Value.Flags ^ value.Flags).HasFlag(ServiceFlags.Stateless))
        {
            _dp.Services.Update(s.Key, value);
        }
        else if (!SameBytes(s.Before.Value, value))
        {
            _dp.Services.Change(value);
        }
        _services[s.Planned.Id] = new WrittenService(s.Key, value, s.Active, s.Patch);
    }

    /// <summary>Writes the staged entries of the ring (none staged: every slot) into copy <paramref name="copy"/>.</summary>
    private int WriteRing(StagedService s, byte copy) =>
        _dp.RingTables.Write(s.Planned.Id, copy, s.Planned.Ring, s.Stale, s.Changes);

    /// <summary>A service on its way to the maps: the copy it writes (null: none left to write), then the entry it flips to.</summary>
    private sealed class StagedService(PlannedService planned, VipKey key, WrittenService? before, byte active, RingPatch patch)
    {
        public PlannedService Planned { get; } = planned;

        public VipKey Key { get; } = key;

        public WrittenService? Before { get; } = before;

        public byte Active { get; } = active;

        public RingPatch Patch { get; } = patch;

        public byte? Copy { get; set; }

        /// <summary>Entries to store after <see cref="Stale"/>'s; null: the whole ring.</summary>
        public RingChange? Changes { get; init; }

        public RingChange? Stale { get; init; }

        public int Written { get; set; }
    }
}
