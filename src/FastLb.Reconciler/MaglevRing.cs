using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// A service's Maglev ring of real indices for one down set, built from a <see cref="MaglevRepair"/>.
/// A health change derives the next ring from this one and visits only the slots that can change,
/// those whose base real is down or was down, writing the ones whose owner differs. The slots that
/// changed and their new values are recorded (<see cref="Changes"/>), so no one compares whole
/// rings or reads their scattered slots again. The ring handed to a plan is never written while it is the newest; with recycling,
/// the array of the ring before it is reused for the ring after it (a new 256 KB large-object
/// array per service and transition costs far more than the slots that change).
/// </summary>
public sealed class MaglevRing
{
    private readonly bool[] _down;
    private readonly bool _recycle;

    // The predecessor's array, which holds this ring except at Changes.Slots; owned by this ring
    // until a successor takes it (null once taken, or without recycling).
    private uint[]? _spare;
    private bool[]? _spareDown;

    private MaglevRing(MaglevRepair repair, RealConfig[] backends, uint[] indices, bool[] down, uint[] ring, bool recycle)
    {
        Repair = repair;
        Backends = backends;
        Indices = indices;
        _down = down;
        Ring = ring;
        _recycle = recycle;
    }

    public MaglevRepair Repair { get; }

    /// <summary>The reals the repair was built over, in its order.</summary>
    public RealConfig[] Backends { get; }

    /// <summary>The real index of each backend, in the order the repair was built with.</summary>
    public uint[] Indices { get; }

    public uint[] Ring { get; }

    /// <summary>Where <see cref="Ring"/> differs from the ring this one was derived from; null for a ring built whole.</summary>
    public RingChange? Changes { get; private init; }

    /// <param name="recycle">Reuse the array of the ring two transitions back (see the class remarks): only for a caller that reads no older plan's ring.</param>
    public static MaglevRing Create(MaglevRepair repair, RealConfig[] backends, uint[] indices, bool[] down, bool recycle = false)
    {
        var ring = new uint[repair.Size];
        for (var slot = 0; slot < ring.Length; slot++)
        {
            ring[slot] = IndexOf(repair.Owner(slot, down), indices);
        }
        return new MaglevRing(repair, backends, indices, down, ring, recycle);
    }

    /// <summary>Gives up the predecessor's array: a writer may still hold it (a write that failed half-way).</summary>
    public void ForgetSpare() => (_spare, _spareDown) = (null, null);

    /// <summary>The ring for <paramref name="down"/>: this one when nothing changed, else one with only the affected slots refilled.</summary>
    public MaglevRing With(bool[] down)
    {
        if (down.AsSpan().SequenceEqual(_down))
        {
            return this;
        }
        var spare = _spare;
        var spareDown = _spareDown;
        ForgetSpare(); // taken now, whatever happens next
        if (spare is not null && spareDown is not null && down.AsSpan().SequenceEqual(spareDown) && Changes is { } back)
        {
            // A flap back to the predecessor's down set: its array already holds that ring.
            return Successor(spare, down, back.Slots, undoes: back);
        }
        uint[] ring;
        if (spare is not null && Changes is { } behind)
        {
            // The spare holds the predecessor: bring it to this ring at the slots that changed since
            // (their values kept beside them: no read of this ring's scattered slots).
            ring = spare;
            for (var i = 0; i < behind.Slots.Length; i++)
            {
                ring[behind.Slots[i]] = behind.Values[i];
            }
        }
        else
        {
            // Every slot is copied over, so the new array needs no zeroing.
            ring = GC.AllocateUninitializedArray<uint>(Ring.Length);
            Ring.CopyTo(ring, 0);
        }
        // Only a slot whose base real is or was down can change. Its old and new owners are both
        // computed (the table is a pure function of the down set): the ring itself is only written,
        // and only where they differ.
        var changed = ChangedSlots.For(ring.Length);
        for (var b = 0; b < down.Length; b++)
        {
            if (!down[b] && !_down[b])
            {
                continue;
            }
            var slots = Repair.BaseSlots(b);
            var draws = Repair.FirstDraws(b);
            for (var i = 0; i < slots.Length; i++)
            {
                var was = _down[b] ? Repair.Refill(slots[i], _down, draws[i]) : b;
                var now = down[b] ? Repair.Refill(slots[i], down, draws[i]) : b;
                if (was != now)
                {
                    ring[slots[i]] = IndexOf(now, Indices);
                    changed.Add(slots[i]);
                }
            }
        }
        return Successor(ring, down, changed.Drain());
    }

    private MaglevRing Successor(uint[] ring, bool[] down, int[] slots, RingChange? undoes = null)
    {
        var values = new uint[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            values[i] = ring[slots[i]]; // just written: in cache
        }
        return new(Repair, Backends, Indices, down, ring, _recycle)
        {
            Changes = new RingChange(Ring, slots, values) { Undoes = undoes },
            _spare = _recycle ? Ring : null,
            _spareDown = _recycle ? _down : null,
        };
    }

    private static uint IndexOf(int backend, uint[] indices) => backend < 0 ? Planner.NoReal : indices[backend];
}
