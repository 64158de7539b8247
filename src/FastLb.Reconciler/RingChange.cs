namespace FastLb.Reconciler;

/// <summary>
/// How a planned ring differs from the ring planned before it: exactly at <paramref name="Slots"/>
/// (ascending). A writer whose active copy holds <paramref name="From"/> (the same array) writes
/// those slots without comparing the whole ring, and their values without reading it.
/// </summary>
/// <param name="From">The previous plan's ring array; compare by reference only.</param>
/// <param name="Slots">Every slot where the new ring differs from <paramref name="From"/>, and no other.</param>
/// <param name="Values">The new ring's entry at each of <paramref name="Slots"/>, in the same order.</param>
public sealed record RingChange(uint[] From, int[] Slots, uint[] Values)
{
    /// <summary>
    /// The change this one reverses exactly (a flap back to the down set before it): the new ring is,
    /// slot for slot, the ring <see cref="Undoes"/> started from. Null when not known to be so.
    /// </summary>
    public RingChange? Undoes { get; init; }
}
