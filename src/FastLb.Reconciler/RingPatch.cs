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
    /// The slots to write into the idle copy so that it holds <paramref name="next"/> (null: all of them),
    /// and the patch once it is flipped active; no slots and the same patch when nothing changed.
    /// </summary>
    /// <param name="change">The planner's changed slots; used only when they are relative to <see cref="Active"/>, else the rings are compared.</param>
    public (int[]? Slots, RingPatch After) To(uint[] next, RingChange? change = null)
    {
        if (ReferenceEquals(next, Active))
        {
            return ([], this);
        }
        if (next.Length != Active.Length)
        {
            return (null, Whole(next));
        }
        var changed = change is not null && ReferenceEquals(change.From, Active) ? change.Slots : Changed(Active, next);
        if (changed.Length == 0)
        {
            return ([], this with { Active = next });
        }
        // The copy now active becomes the idle one: it differs from `next` exactly where `next` changed.
        var after = new RingPatch(next, changed);
        return IdleStale is null ? (null, after) : (Union(changed, IdleStale), after);
    }

    /// <summary>The slots in either of two ascending lists, ascending and once each: a merge, no set and no sort.</summary>
    public static int[] Union(int[] a, int[] b)
    {
        var union = new int[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var (x, y) = (a[i], b[j]);
            union[n++] = Math.Min(x, y);
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        a.AsSpan(i).CopyTo(union.AsSpan(n));
        n += a.Length - i;
        b.AsSpan(j).CopyTo(union.AsSpan(n));
        n += b.Length - j;
        return n == union.Length ? union : union[..n];
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
