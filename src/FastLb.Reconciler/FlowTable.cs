using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// The connection table (fastlb_flows, bpf/lib/flowtab.h) as the controller and tools see it:
/// buckets of <see cref="AbiLimits.FlowWays"/> slots in a memory-mapped array, a flow in its near
/// bucket (one of the first <see cref="AbiLimits.FlowNearBuckets"/>) or one of its two far ones.
/// Reads take a slot's sequence word before and after, as the data plane does; writes claim the
/// slot the same way, so a packet never sees half an entry.
/// </summary>
public sealed class FlowTable : IDisposable
{
    public const string MapName = "fastlb_flows";

    private readonly MappedArray _mapped;
    private readonly BpfMap? _owned;

    public FlowTable(BpfMap map) : this(map, owned: false)
    {
    }

    private FlowTable(BpfMap map, bool owned)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.ValueSize != Marshal.SizeOf<FlowBucket>())
        {
            throw new ArgumentException($"map '{map.Name}' has {map.ValueSize}-byte values, not connection-table buckets", nameof(map));
        }
        Map = map;
        _owned = owned ? map : null;
        _mapped = MappedArray.Map(map);
        Mask = (uint)map.MaxEntries - 1;
    }

    /// <summary>The bucket array.</summary>
    public BpfMap Map { get; }

    /// <summary>Slots in the table: the most flows it can hold.</summary>
    public int MaxEntries => Map.MaxEntries * AbiLimits.FlowWays;

    /// <summary>Buckets - 1 (the bucket count is a power of two).</summary>
    public uint Mask { get; }

    /// <summary>The table pinned in <paramref name="directory"/>.</summary>
    public static FlowTable OpenPinned(string directory) => new(BpfMap.OpenPinned(Path.Combine(directory, MapName)), owned: true);

    /// <summary>Buckets for a table of at least <paramref name="slots"/> slots: a power of two.</summary>
    public static uint BucketsFor(int slots) => System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (slots + AbiLimits.FlowWays - 1) / AbiLimits.FlowWays));

    /// <summary>The flow's three buckets (flowtab_near, flowtab_far1, flowtab_far2 in bpf/lib/flowtab.h).</summary>
    public (uint Near, uint Far1, uint Far2) Buckets(in FlowKey key)
    {
        var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in key)));
        var far1 = FlowHash.Mix32(hash);
        return (hash & Mask & (AbiLimits.FlowNearBuckets - 1), Far(far1), Far(FlowHash.Mix32(far1)));
    }

    // flowtab_far: beyond the near buckets when the table has more, else anywhere.
    private uint Far(uint h)
    {
        var buckets = (ulong)Mask + 1;
        return buckets <= AbiLimits.FlowNearBuckets
            ? h & Mask
            : (uint)(AbiLimits.FlowNearBuckets + ((h * (buckets - AbiLimits.FlowNearBuckets)) >> 32));
    }

    private Span<FlowBucket> All => MemoryMarshal.Cast<uint, FlowBucket>(_mapped.Span);

    /// <summary>The flow's entry, read consistently, when the table holds it.</summary>
    public bool TryLookup(in FlowKey key, out Flow flow)
    {
        ref var slot = ref Find(key, Buckets(key), out var found);
        for (var attempt = 0; found && attempt < 100; attempt++)
        {
            // As the data plane reads: the sequence even and unchanged around the copy.
            var seq = Volatile.Read(ref slot.Flow.Seq);
            var copy = slot;
            Interlocked.MemoryBarrier();
            if ((seq & 1) == 0 && Volatile.Read(ref slot.Flow.Seq) == seq)
            {
                flow = copy.Flow;
                return KeyEquals(copy.Key, key);
            }
        }
        flow = default;
        return false;
    }

    /// <summary>Writes the flow's entry: over its own slot, else into an empty one of its buckets.</summary>
    /// <exception cref="InvalidOperationException">Its buckets are full of other flows.</exception>
    public void Update(in FlowKey key, Flow flow)
    {
        if (!TryUpdate(key, flow))
        {
            throw new InvalidOperationException($"no free slot for {key} in its buckets {Buckets(key)}");
        }
    }

    /// <summary>As <see cref="Update"/>; false when its buckets are full of other flows.</summary>
    public bool TryUpdate(in FlowKey key, Flow flow)
    {
        var buckets = Buckets(key);
        ref var target = ref Find(key, buckets, out var found);
        if (!found)
        {
            var bucket = PlaceFor(buckets);
            target = ref FirstEmpty(bucket, out found);
            if (!found)
            {
                return false;
            }
            // Before the flow is there, as the data plane does: the buckets it passed over say so.
            if (bucket != buckets.Near)
            {
                MarkOverflow(buckets.Near);
            }
            if (bucket == buckets.Far2 && bucket != buckets.Far1)
            {
                MarkOverflow(buckets.Far1);
            }
        }
        Write(ref target, key, flow);
        return true;
    }

    /// <summary>Removes the flow's entry; false when the table has none.</summary>
    public bool Delete(in FlowKey key)
    {
        ref var slot = ref Find(key, Buckets(key), out var found);
        if (found)
        {
            Write(ref slot, default, default);
        }
        return found;
    }

    /// <summary>Empties every slot (tests and tools: while no packet arrives).</summary>
    public void Clear() => _mapped.Span.Clear();

    /// <summary>Every entry, as read slot by slot.</summary>
    public List<FlowSlot> Entries()
    {
        var list = new List<FlowSlot>();
        foreach (ref var bucket in All)
        {
            for (var way = 0; way < AbiLimits.FlowWays; way++)
            {
                var slot = bucket.Slot[way];
                if (!slot.Empty)
                {
                    list.Add(slot);
                }
            }
        }
        return list;
    }

    private ref FlowSlot Find(in FlowKey key, (uint Near, uint Far1, uint Far2) buckets, out bool found)
    {
        foreach (var b in (ReadOnlySpan<uint>)[buckets.Near, buckets.Far1, buckets.Far2])
        {
            for (var way = 0; way < AbiLimits.FlowWays; way++)
            {
                ref var slot = ref All[(int)b].Slot[way];
                if (KeyEquals(slot.Key, key))
                {
                    found = true;
                    return ref slot;
                }
            }
        }
        found = false;
        return ref All[(int)buckets.Near].Slot[0];
    }

    // As the data plane places a flow without an entry (flowtab_choose): in the near bucket, else
    // the first far one, while it has FLOWTAB_SPARE (2) empty slots; else in the far bucket with
    // more (the first on a tie), the near one when neither has any.
    private uint PlaceFor((uint Near, uint Far1, uint Far2) b)
    {
        if (Roomy(b.Near))
        {
            return b.Near;
        }
        if (Roomy(b.Far1))
        {
            return b.Far1;
        }
        var far = Empties(b.Far2) > Empties(b.Far1) ? b.Far2 : b.Far1;
        return Empties(far) > 0 || Empties(b.Near) == 0 ? far : b.Near;
    }

    private bool Roomy(uint bucket) => Empties(bucket) >= 2;

    private void MarkOverflow(uint bucket) => All[(int)bucket].Slot[0].Flow.BucketFlags |= FlowBucketFlags.Overflow;

    private ref FlowSlot FirstEmpty(uint bucket, out bool found)
    {
        for (var way = 0; way < AbiLimits.FlowWays; way++)
        {
            ref var slot = ref All[(int)bucket].Slot[way];
            if (slot.Empty)
            {
                found = true;
                return ref slot;
            }
        }
        found = false;
        return ref All[(int)bucket].Slot[0];
    }

    private int Empties(uint bucket)
    {
        var n = 0;
        for (var way = 0; way < AbiLimits.FlowWays; way++)
        {
            n += All[(int)bucket].Slot[way].Empty ? 1 : 0;
        }
        return n;
    }

    /// <summary>Claims the slot (its sequence odd), writes it, then releases it pinned to the new real.</summary>
    private static void Write(ref FlowSlot slot, in FlowKey key, Flow flow)
    {
        uint seq;
        var spins = new SpinWait();
        while (((seq = Volatile.Read(ref slot.Flow.Seq)) & 1) != 0 || Interlocked.CompareExchange(ref slot.Flow.Seq, seq + 1, seq) != seq)
        {
            spins.SpinOnce();
        }
        slot.Key = key;
        flow.Seq = seq + 1;
        flow.BucketFlags = slot.Flow.BucketFlags; // the bucket's, not the entry's
        var real = flow.Real;
        slot.Flow = flow;
        ref var word = ref Unsafe.As<uint, ulong>(ref slot.Flow.Seq);
        Volatile.Write(ref word, ((ulong)real << 32) | (seq + 2));
    }

    private static bool KeyEquals(in FlowKey a, in FlowKey b) =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in a)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in b)));

    public void Dispose()
    {
        _mapped.Dispose();
        _owned?.Dispose();
    }
}
