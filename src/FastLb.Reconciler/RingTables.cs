using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;

namespace FastLb.Reconciler;

/// <summary>
/// Every service's selection tables: inner maps of fastlb_rings (entry id × 2 + copy), each sized
/// for its own table and mmap'd, so writing a slot is a plain aligned store. A copy is created when
/// first written and replaced by a larger one when a table outgrows it (the idle copy only: the
/// program reads the other). Tables live as long as the outer map holds them; this process keeps
/// only their mappings (the fds are closed once mapped), so dispose unmaps and forwarding goes on.
/// </summary>
public sealed class RingTables : IDisposable
{
    private readonly BpfMap _outer;
    private readonly Dictionary<uint, MappedArray?[]> _tables = [];

    public RingTables(BpfMap outer)
    {
        ArgumentNullException.ThrowIfNull(outer);
        _outer = outer;
    }

    /// <summary>Bytes mapped for every table (page-rounded, as the kernel allocates them).</summary>
    public long MappedBytes => _tables.Values.SelectMany(t => t).Sum(t => t?.MappedBytes ?? 0);

    /// <summary>Tables created so far (a new service's first copy, a second copy, a table outgrown).</summary>
    public long Created { get; private set; }

    /// <summary>Slots copy <paramref name="copy"/> of service <paramref name="id"/> holds; 0 when it has no table.</summary>
    public int Capacity(uint id, int copy) => _tables.TryGetValue(id, out var t) && t[copy] is { } m ? m.Words : 0;

    /// <summary>
    /// Writes <paramref name="ring"/> into copy <paramref name="copy"/> of service <paramref name="id"/>:
    /// whole, or (with <paramref name="changed"/>) the entries of <paramref name="stale"/> and then of
    /// <paramref name="changed"/>, which wins where both hold a slot. A copy too small for the ring
    /// (<see cref="Capacity"/>) is replaced by a new table holding the whole ring, which then enters
    /// the outer map. Several threads may write copies that hold their rings at once (distinct
    /// copies); creating one is for one thread alone.
    /// </summary>
    /// <returns>The distinct slots written.</returns>
    public int Write(uint id, int copy, uint[] ring, RingChange? stale = null, RingChange? changed = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (!_tables.TryGetValue(id, out var copies))
        {
            copies = new MappedArray?[2];
            _tables[id] = copies;
        }
        if (copies[copy] is not { } table || table.Words < ring.Length)
        {
            // The mapping keeps the table alive once the outer map holds it: the fd is not kept.
            using var map = Create(copy, ring.Length);
            var fresh = MappedArray.Map(map);
            try
            {
                ring.CopyTo(fresh.Span);
                Thread.MemoryBarrier();
                // The idle copy's entry now names the filled table: no reader ever sees it empty.
                _outer.Update(AbiLimits.RingOuter(id, (uint)copy), map.Fd);
            }
            catch
            {
                fresh.Dispose();
                throw;
            }
            copies[copy]?.Dispose();
            copies[copy] = fresh;
            return ring.Length;
        }
        if (changed is null)
        {
            ring.CopyTo(table.Span);
            Thread.MemoryBarrier(); // the stores land before the service entry that flips to this copy
            return ring.Length;
        }
        // Stored from the lists, not read from the ring's scattered slots.
        if (stale is not null)
        {
            table.Scatter(stale.Slots, stale.Values);
        }
        table.Scatter(changed.Slots, changed.Values);
        Thread.MemoryBarrier();
        return changed.Slots.Length + (stale is null ? 0 : ChangedSlots.CountNotIn(ring.Length, changed.Slots, stale.Slots));
    }

    /// <summary>The first <paramref name="size"/> slots of copy <paramref name="copy"/>; null when it has no table or a smaller one.</summary>
    public uint[]? Read(uint id, int copy, int size) =>
        _tables.TryGetValue(id, out var t) && t[copy] is { } m && m.Words >= size ? m.Span[..size].ToArray() : null;

    /// <summary>
    /// Slot <paramref name="slot"/> of copy <paramref name="copy"/> of service <paramref name="id"/>
    /// in outer map <paramref name="outer"/> (a pinned one too), read as the program does: null when
    /// the copy has no table or the slot is past it.
    /// </summary>
    public static uint? ReadSlot(BpfMap outer, uint id, uint copy, uint slot)
    {
        ArgumentNullException.ThrowIfNull(outer);
        if (!outer.TryLookup(AbiLimits.RingOuter(id, copy), out uint mapId))
        {
            return null;
        }
        using var inner = BpfMap.OpenById(mapId);
        if (inner is null || !inner.TryLookup(slot / AbiLimits.RingPair, out ulong pair))
        {
            return null;
        }
        return System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, uint>(new ReadOnlySpan<ulong>(in pair))[(int)(slot % AbiLimits.RingPair)];
    }

    /// <summary>
    /// The first <paramref name="size"/> slots of copy <paramref name="copy"/> of service
    /// <paramref name="id"/> as the kernel holds them (the table found by id through
    /// <paramref name="outer"/>, mapped read-only for the copy); null when it has no such table.
    /// </summary>
    public static uint[]? ReadCopy(BpfMap outer, uint id, uint copy, int size)
    {
        ArgumentNullException.ThrowIfNull(outer);
        if (!outer.TryLookup(AbiLimits.RingOuter(id, copy), out uint mapId))
        {
            return null;
        }
        using var inner = BpfMap.OpenById(mapId);
        if (inner is null)
        {
            return null;
        }
        using var mapped = MappedArray.Map(inner);
        return mapped.Words >= size ? mapped.Span[..size].ToArray() : null;
    }

    /// <summary>Maps the tables a previous controller left in the (pinned) outer map for service <paramref name="id"/>.</summary>
    public void Adopt(uint id)
    {
        var copies = new MappedArray?[2];
        for (var copy = 0; copy < 2; copy++)
        {
            if (_outer.TryLookup(AbiLimits.RingOuter(id, (uint)copy), out uint mapId))
            {
                using var inner = BpfMap.OpenById(mapId);
                copies[copy] = inner is null ? null : MappedArray.Map(inner);
            }
        }
        Forget(id);
        _tables[id] = copies;
    }

    /// <summary>Takes service <paramref name="id"/>'s tables out of the outer map and unmaps them (the kernel frees them).</summary>
    public void Remove(uint id)
    {
        for (var copy = 0u; copy < 2; copy++)
        {
            _outer.Delete(AbiLimits.RingOuter(id, copy));
        }
        Forget(id);
    }

    public void Dispose()
    {
        foreach (var id in _tables.Keys.ToList())
        {
            Forget(id);
        }
    }

    private void Forget(uint id)
    {
        if (_tables.Remove(id, out var copies))
        {
            foreach (var table in copies)
            {
                table?.Dispose();
            }
        }
    }

    private BpfMap Create(int copy, int slots)
    {
        // Whole pages: the kernel allocates them anyway, and a pool that grows a little fits in place.
        var page = Environment.SystemPageSize / sizeof(uint);
        var capacity = Math.Max(page, (slots + page - 1) / page * page);
        Created++;
        return BpfMap.Create(BpfMapType.Array, $"fastlb_ring{copy}", sizeof(uint), AbiLimits.RingPair * sizeof(uint),
            capacity / AbiLimits.RingPair, BpfMap.FlagInnerMap | BpfMap.FlagMmapable);
    }
}
