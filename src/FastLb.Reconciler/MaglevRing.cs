using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// A service's Maglev ring of real indices for one down set, built from a <see cref="MaglevRepair"/>.
/// A health change derives the next ring from this one and touches only the slots that can change:
/// a real going down, the slots holding it; a real coming back, the slots whose base real is down
/// or was down. Immutable: the ring handed to a plan is never written again.
/// </summary>
public sealed class MaglevRing
{
    private readonly bool[] _down;

    private MaglevRing(MaglevRepair repair, RealConfig[] backends, uint[] indices, bool[] down, uint[] ring)
    {
        Repair = repair;
        Backends = backends;
        Indices = indices;
        _down = down;
        Ring = ring;
    }

    public MaglevRepair Repair { get; }

    /// <summary>The reals the repair was built over, in its order.</summary>
    public RealConfig[] Backends { get; }

    /// <summary>The real index of each backend, in the order the repair was built with.</summary>
    public uint[] Indices { get; }

    public uint[] Ring { get; }

    public static MaglevRing Create(MaglevRepair repair, RealConfig[] backends, uint[] indices, bool[] down)
    {
        var ring = new uint[repair.Size];
        for (var slot = 0; slot < ring.Length; slot++)
        {
            ring[slot] = IndexOf(repair.Owner(slot, down), indices);
        }
        return new MaglevRing(repair, backends, indices, down, ring);
    }

    /// <summary>The ring for <paramref name="down"/>: this one when nothing changed, else a copy with only the affected slots refilled.</summary>
    public MaglevRing With(bool[] down)
    {
        if (down.AsSpan().SequenceEqual(_down))
        {
            return this;
        }
        // Every slot is copied over, so the new array needs no zeroing.
        var ring = GC.AllocateUninitializedArray<uint>(Ring.Length);
        Ring.CopyTo(ring, 0);
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
                for (var slot = Repair.NextBaseSlot(b, 0); slot >= 0; slot = slot + 1 < ring.Length ? Repair.NextBaseSlot(b, slot + 1) : -1)
                {
                    ring[slot] = IndexOf(Repair.Owner(slot, down), Indices);
                }
            }
        }
        else
        {
            // Only losses: a slot changes only if it points at a real that went down.
            for (var b = 0; b < down.Length; b++)
            {
                if (down[b] && !_down[b])
                {
                    Refill(ring, Indices[b], down);
                }
            }
        }
        return new MaglevRing(Repair, Backends, Indices, down, ring);
    }

    private void Refill(uint[] ring, uint gone, bool[] down)
    {
        var span = ring.AsSpan();
        for (var at = span.IndexOf(gone); at >= 0;)
        {
            ring[at] = IndexOf(Repair.Refill(at, down), Indices);
            var next = span[(at + 1)..].IndexOf(gone);
            at = next < 0 ? -1 : at + 1 + next;
        }
    }

    private static uint IndexOf(int backend, uint[] indices) => backend < 0 ? Planner.NoReal : indices[backend];
}
