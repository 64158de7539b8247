using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// What the last plan computed per service, so the next plan redoes only what its inputs changed:
/// a service whose config is equal and whose reals' health was not touched keeps its planned
/// entry (and ring object, which the map writer then skips); a Maglev ring whose reals and
/// weights are equal is repaired for the new down set instead of rebuilt; Maglev bases are
/// shared between services with the same backends. Not thread-safe: one planner at a time.
/// </summary>
public sealed class PlanCache
{
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, MaglevRepair> _repairs = new(StringComparer.Ordinal);
    private long _serviceIdsVersion = -1;
    private long _realIndicesVersion = -1;

    /// <summary>Maglev bases built from scratch so far (each a full table build): for benches and tests.</summary>
    public long MaglevBuilds { get; private set; }

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
        var used = entries.Values.Select(e => e.Maglev?.Repair).OfType<MaglevRepair>().ToHashSet();
        _repairs = _repairs.Where(kv => used.Contains(kv.Value)).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>The table for <paramref name="service"/>'s reals, reusing <paramref name="previous"/> wherever its inputs hold.</summary>
    internal (uint[] Ring, MaglevRing? Maglev) Table(ServiceConfig service, IReadOnlyList<PlannedReal> reals, Entry? previous)
    {
        var hashed = service.Algorithm is SchedulingAlgorithm.Maglev or SchedulingAlgorithm.Hash;
        if (!hashed || reals.Any(r => r.IsBackup))
        {
            // Short tables (or the backup alone): built in full, the old object kept when equal.
            var built = SelectionTables.Build(service, [.. reals.Where(r => r.InRing)]);
            var ring = previous is not null && previous.Planned.Ring.AsSpan().SequenceEqual(built) ? previous.Planned.Ring : built;
            return (ring, previous?.Maglev);
        }
        var basis = reals.Where(r => r.Real.Weight > 0).ToList();
        if (basis.Count == 0)
        {
            return (SelectionTables.Build(service, []), null);
        }
        var down = basis.Select(r => !r.InRing).ToArray();
        var indices = basis.Select(r => r.Index).ToArray();
        if (previous?.Maglev is { } old && old.Repair.Size == service.RingSize && old.Indices.AsSpan().SequenceEqual(indices)
            && SameBackends(old.Backends, basis))
        {
            var next = old.With(down);
            return (next.Ring, next);
        }
        var created = MaglevRing.Create(RepairFor(service.RingSize, basis), [.. basis.Select(r => r.Real)], indices, down);
        return (created.Ring, created);
    }

    private MaglevRepair RepairFor(int size, List<PlannedReal> basis)
    {
        var signature = Signature(size, basis);
        if (!_repairs.TryGetValue(signature, out var repair))
        {
            // Keyed by endpoint, so every node builds the same table from the same config.
            repair = new MaglevRepair([.. basis.Select(r => new MaglevBackend(r.Real.Endpoint, r.Real.Weight))], size);
            _repairs[signature] = repair;
            MaglevBuilds++;
        }
        return repair;
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
