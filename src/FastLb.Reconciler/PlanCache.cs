using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// What the last plan computed per service, so the next plan redoes only what its inputs changed:
/// a service whose config is equal and whose reals' health was not touched keeps its planned
/// entry (and ring object, which the map writer then skips); a Maglev ring whose reals and
/// weights are equal is repaired for the new down set instead of rebuilt; Maglev bases are
/// shared between services with the same backends. One planner at a time, whose services'
/// tables (<see cref="Table"/>) may be computed on several threads at once.
/// </summary>
public sealed class PlanCache
{
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Built on first use, outside the lock: services with the same backends share one build.
    private Dictionary<string, Lazy<MaglevRepair>> _repairs = new(StringComparer.Ordinal);
    private readonly Lock _repairsLock = new();
    private long _maglevBuilds;
    private long _serviceIdsVersion = -1;
    private long _realIndicesVersion = -1;

    /// <summary>
    /// Reuse the ring array of two transitions back for the next one (<see cref="MaglevRing"/>): no new
    /// large array per service and transition. Only for a caller that writes every plan before making
    /// the next and reads no older plan's ring (the controller); call <see cref="ForgetSpares"/> when a
    /// write fails. Off by default: a plan's rings then never change.
    /// </summary>
    public bool RecycleRings { get; init; }

    /// <summary>Maglev bases built from scratch so far (each a full table build): for benches and tests.</summary>
    public long MaglevBuilds => Interlocked.Read(ref _maglevBuilds);

    internal int Count => _entries.Count;

    internal bool TryGet(string key, out Entry entry) => _entries.TryGetValue(key, out entry!);

    /// <summary>True when no slot was acquired or released since the last plan: its indices still hold.</summary>
    internal bool IndicesStable(IndexAllocator serviceIds, IndexAllocator realIndices) =>
        serviceIds.Version == _serviceIdsVersion && realIndices.Version == _realIndicesVersion;

    /// <summary>Keeps exactly the entries of the plan just made.</summary>
    internal void Commit(Dictionary<string, Entry> entries, IndexAllocator serviceIds, IndexAllocator realIndices)
    {
        _entries = entries;
        _serviceIdsVersion = serviceIds.Version;
        _realIndicesVersion = realIndices.Version;
        if (_repairs.Count == 0)
        {
            return;
        }
        var used = new HashSet<MaglevRepair>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries.Values)
        {
            if (entry.Maglev is { } maglev)
            {
                used.Add(maglev.Repair);
            }
        }
        if (used.Count != _repairs.Count)
        {
            _repairs = _repairs.Where(kv => kv.Value.IsValueCreated && used.Contains(kv.Value.Value)).ToDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>After a write that failed part-way: the writer may hold any ring array, so none is reused.</summary>
    public void ForgetSpares()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Maglev?.ForgetSpare();
        }
    }

    /// <summary>
    /// The table for <paramref name="service"/>'s reals, reusing <paramref name="previous"/> wherever its
    /// inputs hold. Safe on several threads at once for distinct services.
    /// </summary>
    internal (uint[] Ring, MaglevRing? Maglev) Table(ServiceConfig service, IReadOnlyList<PlannedReal> reals, Entry? previous)
    {
        var hashed = service.Algorithm is SchedulingAlgorithm.Maglev or SchedulingAlgorithm.Hash;
        if (!hashed || AnyBackup(reals))
        {
            // Short tables (or the backup alone): built in full, the old object kept when equal.
            var built = SelectionTables.Build(service, [.. reals.Where(r => r.InRing)]);
            var ring = previous is not null && previous.Planned.Ring.AsSpan().SequenceEqual(built) ? previous.Planned.Ring : built;
            return (ring, previous?.Maglev);
        }
        var basis = new List<PlannedReal>(reals.Count);
        foreach (var r in reals)
        {
            if (r.Real.Weight > 0)
            {
                basis.Add(r);
            }
        }
        if (basis.Count == 0)
        {
            return (SelectionTables.Build(service, []), null);
        }
        var down = new bool[basis.Count];
        var indices = new uint[basis.Count];
        for (var i = 0; i < basis.Count; i++)
        {
            (down[i], indices[i]) = (!basis[i].InRing, basis[i].Index);
        }
        if (previous?.Maglev is { } old && old.Repair.Size == service.RingSize && old.Indices.AsSpan().SequenceEqual(indices)
            && SameBackends(old.Backends, basis))
        {
            var next = old.With(down);
            return (next.Ring, next);
        }
        var created = MaglevRing.Create(RepairFor(service.RingSize, basis), [.. basis.Select(r => r.Real)], indices, down, RecycleRings);
        return (created.Ring, created);
    }

    private static bool AnyBackup(IReadOnlyList<PlannedReal> reals)
    {
        for (var i = 0; i < reals.Count; i++)
        {
            if (reals[i].IsBackup)
            {
                return true;
            }
        }
        return false;
    }

    private MaglevRepair RepairFor(int size, List<PlannedReal> basis)
    {
        var signature = Signature(size, basis);
        Lazy<MaglevRepair>? repair;
        lock (_repairsLock)
        {
            if (!_repairs.TryGetValue(signature, out repair))
            {
                // Keyed by endpoint, so every node builds the same table from the same config.
                MaglevBackend[] backends = [.. basis.Select(r => new MaglevBackend(r.Real.Endpoint, r.Real.Weight))];
                repair = new Lazy<MaglevRepair>(() =>
                {
                    Interlocked.Increment(ref _maglevBuilds);
                    return new MaglevRepair(backends, size);
                });
                _repairs[signature] = repair;
            }
        }
        return repair.Value;
    }

    // What the Maglev table depends on: each backend's endpoint (its key) and weight, in order.
    private static bool SameBackends(RealConfig[] built, List<PlannedReal> basis)
    {
        if (built.Length != basis.Count)
        {
            return false;
        }
        for (var i = 0; i < built.Length; i++)
        {
            var (a, b) = (built[i], basis[i].Real);
            if (!ReferenceEquals(a, b) && (a.Port != b.Port || a.Weight != b.Weight || !a.Address.Equals(b.Address)))
            {
                return false;
            }
        }
        return true;
    }

    private static string Signature(int size, List<PlannedReal> basis) =>
        string.Join(' ', basis.Select(r => $"{r.Real.Endpoint}*{r.Real.Weight}").Prepend(size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>One service as last planned: the config and health it was planned from, and the result.</summary>
    internal sealed record Entry(ServiceConfig Config, Planner.ServiceDraft Draft, PlannedService Planned, MaglevRing? Maglev);
}
