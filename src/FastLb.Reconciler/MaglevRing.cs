using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// A service's Maglev ring of real indices for one down set, built from a <see cref="MaglevRepair"/>.
/// A health change derives the next ring from this one and touches only the slots that can change:
/// a real going down, the slots holding it; a real coming back, the slots whose base real is down
/// or was down. The slots that changed are recorded (<see cref="Changes"/>), so no one compares
/// whole rings. The ring handed to a plan is never written while it is the newest; with recycling,
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
            return Successor(spare, down, back.Slots);
        }
        uint[] ring;
        if (spare is not null && Changes is { } behind)
        {
            // The spare holds the predecessor: bring it to this ring at the slots that changed since.
            ring = spare;
            foreach (var slot in behind.Slots)
            {
                ring[slot] = Ring[slot];
            }
        }
        else
        {
            // Every slot is copied over, so the new array needs no zeroing.
            ring = GC.AllocateUninitializedArray<uint>(Ring.Length);
            Ring.CopyTo(ring, 0);
        }
        var changed = ChangedSlots.For(ring.Length);
        var cameBack = false;
        for (var b = 0; b < down.Length; b++)
        {
            cameBack |= _down[b] && !down[b];
        }
        if (cameBack)
        {
            // A returning real may win slots refilled for any down real: revisit every slot whose base real is or was down.
            for (var b = 0; b < down.Length; b++)
            {
                if (!down[b] && !_down[b])
                {
                    continue;
                }
                var slots = Repair.BaseSlots(b);
                if (!down[b])
                {
                    foreach (var slot in slots)
                    {
                        Set(ring, slot, Indices[b], changed); // back up: its base slots are its own again
                    }
                    continue;
                }
                var draws = Repair.FirstDraws(b);
                for (var i = 0; i < slots.Length; i++)
                {
                    Set(ring, slots[i], IndexOf(Repair.Refill(slots[i], down, draws[i]), Indices), changed);
                }
            }
        }
        else
        {
            // Only losses: a slot changes only if it points at a real that went down, i.e. it is that
            // real's base slot, or the base slot of a real already down that was refilled with it.
            for (var b = 0; b < down.Length; b++)
            {
                if (!down[b] || _down[b])
                {
                    continue;
                }
                Refill(ring, b, down, changed, Planner.NoReal);
                for (var d = 0; d < down.Length; d++)
                {
                    if (_down[d])
                    {
                        Refill(ring, d, down, changed, Indices[b]);
                    }
                }
            }
        }
        return Successor(ring, down, changed.Drain());
    }

    private MaglevRing Successor(uint[] ring, bool[] down, int[] slots) =>
        new(Repair, Backends, Indices, down, ring, _recycle)
        {
            Changes = new RingChange(Ring, slots),
            _spare = _recycle ? Ring : null,
            _spareDown = _recycle ? _down : null,
        };

    // Refills the base slots of `backend` (those that held `only`, unless NoReal: all of them).
    private void Refill(uint[] ring, int backend, bool[] down, ChangedSlots changed, uint only)
    {
        var slots = Repair.BaseSlots(backend);
        var draws = Repair.FirstDraws(backend);
        for (var i = 0; i < slots.Length; i++)
        {
            if (only == Planner.NoReal || Ring[slots[i]] == only)
            {
                Set(ring, slots[i], IndexOf(Repair.Refill(slots[i], down, draws[i]), Indices), changed);
            }
        }
    }

    private void Set(uint[] ring, int slot, uint real, ChangedSlots changed)
    {
        if (Ring[slot] != real)
        {
            changed.Add(slot);
        }
        ring[slot] = real;
    }

    private static uint IndexOf(int backend, uint[] indices) => backend < 0 ? Planner.NoReal : indices[backend];
}
