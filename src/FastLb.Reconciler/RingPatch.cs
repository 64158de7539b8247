namespace FastLb.Reconciler;

/// <summary>
/// Which entries of a service's idle ring copy must be written for it to hold a new ring. The idle
/// copy holds the ring before the active one, so it differs from the new ring only where the new
/// ring differs from the active one, or where the active one differed from its predecessor
/// (<see cref="IdleStale"/>). A health change then writes about 1/N of the ring, not all of it.
/// </summary>
/// <param name="Active">The ring the active copy holds.</param>
/// <param name="IdleStale">How <paramref name="Active"/> differs from the idle copy (its slots and values); null when unknown (write it whole).</param>
internal sealed record RingPatch(uint[] Active, RingChange? IdleStale)
{
    /// <summary>A ring written whole into a copy whose other copy holds anything.</summary>
    public static RingPatch Whole(uint[] ring) => new(ring, null);

    /// <summary>
    /// What to store into the idle copy so that it holds <paramref name="next"/>: the whole ring, or
    /// <c>Stale</c>'s entries (may be null) and then <c>Changed</c>'s, which win where both hold a slot;
    /// and the patch once it is flipped active. Nothing to store (<c>Changed</c> null, not whole) when
    /// nothing changed; an empty <c>Changed</c> when the idle copy already holds <paramref name="next"/> (a flap
    /// back). Two lists rather than their union: writing a shared slot twice costs less than merging.
    /// </summary>
    /// <param name="change">The planner's changed slots; used only when they are relative to <see cref="Active"/>, else the rings are compared.</param>
    public (bool Whole, RingChange? Stale, RingChange? Changed, RingPatch After) To(uint[] next, RingChange? change = null)
    {
        if (ReferenceEquals(next, Active))
        {
            return (false, null, null, this);
        }
        if (next.Length != Active.Length)
        {
            return (true, null, null, Whole(next));
        }
        var changed = change is not null && ReferenceEquals(change.From, Active) ? change : Compare(Active, next);
        if (changed.Slots.Length == 0)
        {
            return (false, null, null, this with { Active = next });
        }
        // The copy now active becomes the idle one: it differs from `next` exactly where `next` changed.
        var after = new RingPatch(next, changed);
        if (IdleStale is not null && ReferenceEquals(changed.Undoes, IdleStale))
        {
            // A flap back: the idle copy holds the ring before the active one, which is `next`. Flip to it, store nothing.
            return (false, null, changed with { Slots = [], Values = [], Undoes = null }, after);
        }
        return IdleStale is null ? (true, null, null, after) : (false, IdleStale, changed, after);
    }

    /// <summary>How <paramref name="next"/> differs from <paramref name="active"/>, found by comparing them.</summary>
    private static RingChange Compare(uint[] active, uint[] next)
    {
        var slots = Changed(active, next);
        var values = new uint[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            values[i] = next[slots[i]];
        }
        return new RingChange(active, slots, values);
    }

    /// <summary>The slots where <paramref name="b"/> differs from <paramref name="a"/> (same length), found with vectorised compares.</summary>
    public static int[] Changed(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var slots = new List<int>();
        var at = 0;
        while (true)
        {
            at += a[at..].CommonPrefixLength(b[at..]);
            if (at >= a.Length)
            {
                return [.. slots];
            }
            slots.Add(at++);
        }
    }
}
