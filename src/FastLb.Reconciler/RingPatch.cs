namespace FastLb.Reconciler;

/// <summary>
/// Which entries of a service's idle ring copy must be written for it to hold a new ring. The idle
/// copy holds the ring before the active one, so it differs from the new ring only where the new
/// ring differs from the active one, or where the active one differed from its predecessor
/// (<see cref="IdleStale"/>). A health change then writes about 1/N of the ring, not all of it.
/// </summary>
/// <param name="Active">The ring the active copy holds.</param>
/// <param name="IdleStale">Slots where the idle copy differs from <paramref name="Active"/>; null when unknown (write it whole).</param>
internal sealed record RingPatch(uint[] Active, int[]? IdleStale)
{
    /// <summary>A ring written whole into a copy whose other copy holds anything.</summary>
    public static RingPatch Whole(uint[] ring) => new(ring, null);

    /// <summary>
    /// The slots to write into the idle copy so that it holds <paramref name="next"/>: those of
    /// <c>Slots</c> and of <c>Stale</c> (the two lists may share slots; null <c>Slots</c>: all of them),
    /// and the patch once it is flipped active; no slots and the same patch when nothing changed.
    /// Two lists rather than their union: writing a shared slot twice costs less than merging.
    /// </summary>
    /// <param name="change">The planner's changed slots; used only when they are relative to <see cref="Active"/>, else the rings are compared.</param>
    public (int[]? Slots, int[]? Stale, RingPatch After) To(uint[] next, RingChange? change = null)
    {
        if (ReferenceEquals(next, Active))
        {
            return ([], null, this);
        }
        if (next.Length != Active.Length)
        {
            return (null, null, Whole(next));
        }
        var changed = change is not null && ReferenceEquals(change.From, Active) ? change.Slots : Changed(Active, next);
        if (changed.Length == 0)
        {
            return ([], null, this with { Active = next });
        }
        // The copy now active becomes the idle one: it differs from `next` exactly where `next` changed.
        var after = new RingPatch(next, changed);
        return IdleStale is null ? (null, null, after) : (changed, IdleStale, after);
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
